// The billing module's public surface (B1–B8, S1): other modules and the app import only from here.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app/context.js";
import { billingRoutes as routes } from "./billing.routes.js";

export type { BillingDeps, BillingServices, Seller } from "./billing.deps.js";
export { accountPageUrl } from "./billing.links.js";
export { seedDemoBilling } from "./billing.seed.js";
export { createBillingServices } from "./billing.services.js";
export { DEFAULT_CATALOG } from "./catalog.defaults.js";
export { CatalogError, loadCatalog } from "./catalog.js";
export { invoiceAttachment } from "./invoices.service.js";
export { scheduleRenewals } from "./renewals.schedule.js";
export { type RenewalReport, runRenewals } from "./renewals.service.js";
export { toSubscriptionSummary } from "./subscriptions.mapping.js";
export {
  findSubscription,
  lockSubscription,
  SUBSCRIPTION_COLUMNS,
  type SubscriptionRow,
} from "./subscriptions.repository.js";
export { getSubscriptionFor, subscriptionNotFound } from "./subscriptions.service.js";
export { toIsoDate } from "./term.js";

export function billingRoutes(app: FastifyInstance, ctx: AppContext): void {
  routes(app, ctx);
}
