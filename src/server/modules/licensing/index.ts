// The licensing module's public surface (S2–S4): namespaces, license files, activations. It builds
// on billing's subscriptions (imported through billing's index); billing never imports it.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app/context.js";
import { licenseKeyRoutes } from "./license-key.routes.js";
import { subscriptionUseRoutes } from "./licensing.routes.js";

export { LICENSE_GRACE_DAYS } from "../../platform/licensing/license-payload.js";
export { licenseAttachment } from "./license-file.service.js";
export { buildLicensePayload } from "./license-payload.js";
export { LIMITS as LICENSING_LIMITS, type LicensingDeps } from "./licensing.deps.js";
export { DEMO_INSTANCE_ID, DEMO_NAMESPACE, seedDemoSubscriptionUse } from "./licensing.seed.js";

export function licensingRoutes(app: FastifyInstance, ctx: AppContext): void {
  licenseKeyRoutes(app, ctx);
  subscriptionUseRoutes(app, ctx);
}
