import type { Logger } from "../../platform/logger.js";
import type { BillingServices } from "../../platform/payments/services.js";
import type { AccountsDeps } from "../accounts/index.js";

export type { BillingServices, Seller } from "../../platform/payments/services.js";

/** What the money services need: the accounts module's dependencies and the money parts. */
export type BillingDeps = AccountsDeps & Omit<BillingServices, "sandbox"> & { logger?: Logger };
