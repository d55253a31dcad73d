// The money side's process-wide parts, built once at start-up (modules/billing/billing.services.ts)
// and carried in the app's context: the card gateway, the plan catalog and the seller named on
// invoices. A type here, so the app's context does not import the billing module.
import type { Catalog } from "../../../shared/billing.js";
import type { PaymentGateway } from "./gateway.js";
import type { SandboxGateway } from "./sandbox.js";

/** The seller named on invoices (from the catalog file, or the built-in demo vendor). */
export type Seller = { name: string; addressLines: string[]; taxId: string | null; email: string | null };

export type BillingServices = {
  gateway: PaymentGateway;
  /** The sandbox's tokenisation, served under its own path (null with a real gateway). */
  sandbox: SandboxGateway | null;
  catalog: Catalog;
  seller: Seller;
  /** B7: days after the term's end on which a failed renewal is tried again. */
  renewalRetryDays: readonly number[];
};
