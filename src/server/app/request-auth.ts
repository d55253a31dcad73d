// What the request carries once the security hook has looked its session up (app/security.ts).
// Kept apart from request-meta.ts, which every module's routes import: this file is the one that
// names identity's type, and no module imports it, so the import graph has no cycle.
import type { AuthUser } from "../modules/identity/index.js";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthUser | null;
  }
  interface FastifyContextConfig {
    /**
     * The route's first statement carries the session check (identity's `sessionRead`,
     * docs/decisions/007 and 008; platform/fast-path/README.md): the request hook does not look
     * the session up, `request.auth` stays null, and the route passes `requestSession(request)`
     * (and, for a change, `requestOrigin(request)`) to its service, which answers 401 itself.
     */
    sessionCheckedByRead?: boolean;
  }
}
