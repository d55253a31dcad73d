import type { Catalog } from "../../../shared/billing.js";
import type { Logger } from "../../platform/logger.js";
import type { AccountsDeps } from "../accounts/index.js";
import type { PaymentGateway } from "./gateway/gateway.js";
import type { SandboxGateway } from "./gateway/sandbox.js";

/** The seller named on invoices (from the catalog file, or the built-in demo vendor). */
export type Seller = { name: string; addressLines: string[]; taxId: string | null; email: string | null };

/** What the money routes need beyond the accounts module's dependencies; built once per process. */
export type BillingServices = {
  gateway: PaymentGateway;
  /** The sandbox's tokenisation, served under its own path (null with a real gateway). */
  sandbox: SandboxGateway | null;
  catalog: Catalog;
  seller: Seller;
  renewalRetryDays: readonly number[];
};

export type BillingDeps = AccountsDeps & {
  logger?: Logger;
  gateway: PaymentGateway;
  catalog: Catalog;
  seller: Seller;
  /** B7: days after the term's end on which a failed renewal is tried again. */
  renewalRetryDays: readonly number[];
};
