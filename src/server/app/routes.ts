// Every module's routes, registered in one place.
import type { FastifyInstance } from "fastify";
import { accountsRoutes, listResellersOfCustomer } from "../modules/accounts/index.js";
import { billingRoutes } from "../modules/billing/index.js";
import { identityRoutes, listLinkedIdentities, oidcRoutes } from "../modules/identity/index.js";
import { licensingRoutes } from "../modules/licensing/index.js";
import type { AppContext } from "./context.js";
import { systemRoutes } from "./system.routes.js";

export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  systemRoutes(app, ctx);
  // R2, I6: identity asks accounts whom a deactivated reseller customer should contact.
  identityRoutes(app, ctx, (userId) => listLinkedIdentities(ctx.db, userId), listResellersOfCustomer);
  oidcRoutes(app, ctx, undefined, listResellersOfCustomer);
  accountsRoutes(app, ctx);
  billingRoutes(app, ctx);
  licensingRoutes(app, ctx);
}
