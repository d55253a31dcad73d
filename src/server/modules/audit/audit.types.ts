import type { ActorType } from "../../platform/db/schema.js";

/** Who is acting and where the request came from; passed from routes into services. */
export type RequestMeta = {
  requestId: string | null;
  ip: string | null;
  actor: { type: ActorType; id: string | null };
};

/** Where a request came from, before it is known who sent it (a route whose read finds the session). */
export type RequestOrigin = Omit<RequestMeta, "actor">;

/** The request's meta with a signed-in user as the actor. */
export function asUser(origin: RequestOrigin, userId: string): RequestMeta {
  return { requestId: origin.requestId, ip: origin.ip, actor: { type: "user", id: userId } };
}

export type AuditEvent = {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  billingAccountId?: string | null;
  /** Before/after summary. Never put tokens, links or card numbers here. */
  summary?: Record<string, unknown>;
};

export const systemMeta: RequestMeta = { requestId: null, ip: null, actor: { type: "system", id: null } };
