// The licensing module's public surface (S2–S4): other modules and the app import only from here.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app/context.js";
import { licenseKeyRoutes } from "./license-key.routes.js";

export function licensingRoutes(app: FastifyInstance, ctx: AppContext): void {
  licenseKeyRoutes(app, ctx);
}
