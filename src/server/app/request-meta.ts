// What a route hands its service about the request: who is asking and where from. The HTTP
// layer's helpers; they import no module, so every module's routes can use them.
import type { FastifyRequest } from "fastify";
import type { RequestMeta, RequestOrigin } from "../modules/audit/index.js";
import { notSignedIn } from "../platform/errors.js";
import { SESSION_COOKIE } from "./session-cookie.js";

/** The session cookie's value, for a route whose first statement checks it (`sessionCheckedByRead`). */
export function requestSession(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
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

/** 401 unless the request carries a live session (looked up by the security hook). */
export function requireUser(request: FastifyRequest): NonNullable<FastifyRequest["auth"]> {
  if (!request.auth) throw notSignedIn();
  return request.auth;
}
