import type { FastifyRequest } from "fastify";
import type { RequestMeta, RequestOrigin } from "../modules/audit/index.js";
import { type AuthUser, notSignedIn, type SessionKey, sessionKey } from "../modules/identity/index.js";
import { SESSION_COOKIE } from "./security.js";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthUser | null;
  }
  interface FastifyContextConfig {
    /**
     * The route's read carries the session check (`withSessionCheck`, docs/decisions/007 and
     * 008): the request hook does not look the session up, `request.auth` stays null, and the
     * route passes `requestSession(request)` (and, for a change, `requestOrigin(request)`) to its
     * service, which answers 401 itself.
     */
    sessionCheckedByRead?: boolean;
  }
}

/** The key of the session cookie the request carries, for a route whose read checks it. */
export function requestSession(request: FastifyRequest): SessionKey | null {
  return sessionKey(request.cookies[SESSION_COOKIE]);
}

/** Where the request came from, for a service that learns who sent it from its own read. */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip ?? null };
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const user = request.auth;
  return {
    ...requestOrigin(request),
    actor: user ? { type: "user", id: user.id } : { type: "anonymous", id: null },
  };
}

/** 401 unless the request carries a live session. */
export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.auth) throw notSignedIn();
  return request.auth;
}
