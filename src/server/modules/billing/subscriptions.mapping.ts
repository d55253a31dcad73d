import type { InvoiceSummary, SubscriptionSummary } from "../../../shared/billing.js";
import { DECLINE_MESSAGES, type DeclineCode } from "../../platform/payments/gateway.js";
import type { SubscriptionRow } from "./subscriptions.repository.js";

/**
 * The subscription as its account's people see it. The activation code is a bearer secret that
 * yields a license (S4): only managers see it; staff (read-only here) get null.
 */
export function toSubscriptionSummary(
  row: SubscriptionRow,
  viewer: "manager" | "staff" = "manager",
): SubscriptionSummary {
  return {
    id: row.id,
    subscriptionNumber: row.subscription_number,
    billingAccountId: row.billing_account_id,
    planId: row.plan_id,
    planName: row.plan_name,
    deployment: row.deployment,
    seats: row.seats,
    storagePacks: row.storage_packs,
    termStart: row.term_start,
    termEnd: row.term_end,
    status: row.status,
    autoRenew: row.auto_renew,
    invoiceOwner: row.invoice_owner,
    resellerName: row.reseller_name,
    renewalProblem:
      row.status === "past_due" && row.last_renewal_decline
        ? (DECLINE_MESSAGES[row.last_renewal_decline as DeclineCode] ?? row.last_renewal_decline)
        : null,
    namespace: row.namespace,
    activationCode: viewer === "manager" ? row.activation_code : null,
    activation:
      row.activation_instance_id && row.activated_at
        ? { instanceId: row.activation_instance_id, activatedAt: row.activated_at.toISOString() }
        : null,
  };
}

export function toInvoiceSummary(row: {
  id: string;
  invoice_number: string;
  kind: "purchase" | "add_on" | "renewal";
  currency: string;
  total_minor: string;
  issued_at: Date;
  subscription_number: string | null;
}): InvoiceSummary {
  return {
    id: row.id,
    invoiceNumber: row.invoice_number,
    kind: row.kind,
    status: "paid",
    issuedAt: row.issued_at.toISOString(),
    total: { amountMinor: Number(row.total_minor), currency: row.currency },
    subscriptionNumber: row.subscription_number,
    pdfUrl: `/api/v1/invoices/${row.id}/pdf`,
  };
}
