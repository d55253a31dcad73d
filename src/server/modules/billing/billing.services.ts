// Builds the money side's process-wide parts: the gateway, the catalog (PLANS_FILE, loaded and
// checked at start-up like the rest of the configuration) and the seller named on invoices.
import type { Catalog } from "../../../shared/billing.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/client.js";
import { createSandboxGateway } from "../../platform/payments/sandbox.js";
import type { BillingServices } from "./billing.deps.js";
import { DEFAULT_CATALOG } from "./catalog.defaults.js";

export function createBillingServices(
  db: Db,
  catalog: Catalog,
  config: Pick<Config, "renewalRetryDays" | "paymentGateway">,
): BillingServices {
  // PAYMENT_GATEWAY has one value today; a real processor is chosen here.
  const sandbox = createSandboxGateway(db);
  return {
    gateway: sandbox,
    sandbox,
    catalog,
    seller: catalog.seller ?? DEFAULT_CATALOG.seller!,
    renewalRetryDays: config.renewalRetryDays,
  };
}
