import type { Catalog } from "../../../shared/billing.js";
import type { AccountsDeps } from "../accounts/index.js";
import type { PaymentGateway } from "./gateway/gateway.js";

/** The seller named on invoices (from the catalog file, or the built-in demo vendor). */
export type Seller = { name: string; addressLines: string[]; taxId: string | null; email: string | null };

export type BillingDeps = AccountsDeps & {
  gateway: PaymentGateway;
  catalog: Catalog;
  seller: Seller;
  /** B7: days after the term's end on which a failed renewal is tried again. */
  renewalRetryDays: readonly number[];
};
