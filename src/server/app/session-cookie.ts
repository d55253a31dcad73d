// The session cookie (I5): the HTTP layer's, so routes of any module set and clear it alike.
import type { FastifyReply } from "fastify";
import type { AppContext } from "./context.js";

export const SESSION_COOKIE = "billfold_session";

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, value: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.config.secureCookies,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: ctx.config.secureCookies });
}
