// Request-level protections: the session lookup, the Origin check on unsafe requests, and JSON-only
// bodies. Each returns the error shape through AppError.
import type { FastifyInstance } from "fastify";
import { authenticate } from "../modules/identity/index.js";
import { AppError } from "../platform/errors.js";
import { isApiRequest } from "./api-request.js";
import type { AppContext } from "./context.js";

export const SESSION_COOKIE = "billfold_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function registerSecurity(app: FastifyInstance, ctx: AppContext): void {
  const allowedOrigin = new URL(ctx.config.baseUrl).origin;
  app.decorateRequest("auth", null);

  app.addHook("onRequest", async (request) => {
    // Decided on the matched route, not the raw URL: `/%61pi/…` and `http://host/api/…` reach the
    // same routes, so they get the same Origin check and session lookup.
    if (!isApiRequest(request)) return;
    const cookie = request.cookies[SESSION_COOKIE];
    if (UNSAFE.has(request.method)) {
      // CSRF: a browser always sends Origin on cross-site unsafe requests. A foreign Origin is
      // refused outright; a cookie-authenticated request must name ours.
      const origin = request.headers.origin;
      if ((origin !== undefined && origin !== allowedOrigin) || (origin === undefined && cookie)) {
        throw new AppError("forbidden", "origin_mismatch", "This request must come from the portal's own pages.");
      }
    }
    if (cookie && !request.routeOptions.config.sessionCheckedByRead) request.auth = await authenticate(ctx.db, cookie);
  });
}
