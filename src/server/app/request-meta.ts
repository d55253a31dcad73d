import type { FastifyRequest } from "fastify";
import type { RequestMeta } from "../modules/audit/index.js";
import type { AuthUser } from "../modules/identity/index.js";
import { AppError } from "../platform/errors.js";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthUser | null;
  }
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const user = request.auth;
  return {
    requestId: request.id,
    ip: request.ip ?? null,
    actor: user ? { type: "user", id: user.id } : { type: "anonymous", id: null },
  };
}

/** 401 unless the request carries a live session. */
export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.auth) throw new AppError("unauthenticated", "not_signed_in", "Sign in to continue.");
  return request.auth;
}
