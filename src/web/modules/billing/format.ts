// How subscriptions and invoices read to a person (S1, B4, B7).
import type { Deployment, InvoiceSummary, SubscriptionSummary } from "../../../shared/billing.js";

const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** A calendar day ("2026-12-01" or an ISO instant) as "Dec 1, 2026", the same in every time zone. */
export function formatDay(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dayFormat.format(date);
}

export const deploymentLabels: Record<Deployment, string> = {
  saas: "SaaS",
  self_managed: "Self-managed",
};

export const statusLabels: Record<SubscriptionSummary["status"], string> = {
  active: "Active",
  past_due: "Past due",
  expired: "Expired",
  cancelled: "Cancelled",
};

export const statusColors: Record<SubscriptionSummary["status"], string> = {
  active: "green",
  past_due: "orange",
  expired: "gray",
  cancelled: "gray",
};

export const invoiceKindLabels: Record<InvoiceSummary["kind"], string> = {
  purchase: "Purchase",
  add_on: "Add-on",
  renewal: "Renewal",
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}
