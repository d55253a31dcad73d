// The money emails (B4, B7). Free text from the account (company names) stays out of subjects.
import type { MailContent } from "../../platform/mail/message.js";
import { formatMoney, type Money } from "./money.js";

const humanDate = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso),
  );

export function purchaseConfirmationMail(
  to: string,
  d: {
    subscriptionNumber: string;
    planName: string;
    seats: number;
    termEnd: string;
    invoiceNumber: string;
    total: Money;
    accountUrl: string;
  },
): MailContent {
  return {
    to,
    subject: `Your subscription ${d.subscriptionNumber} is active`,
    paragraphs: [
      `Thank you for your purchase. Subscription ${d.subscriptionNumber} (${d.planName}, ${d.seats} seat${d.seats === 1 ? "" : "s"}) is active until ${humanDate(d.termEnd)}, and renews automatically unless you turn auto-renew off.`,
      `We charged ${formatMoney(d.total)}; invoice ${d.invoiceNumber} is in the portal.`,
    ],
    action: { label: "View subscriptions and invoices", url: d.accountUrl },
  };
}

export function invoiceMail(
  to: string,
  d: { invoiceNumber: string; total: Money; issuedAt: string; invoiceUrl: string; cc?: string[] },
): MailContent {
  return {
    to,
    subject: `Invoice ${d.invoiceNumber}`,
    paragraphs: [
      `Invoice ${d.invoiceNumber} of ${humanDate(d.issuedAt)} for ${formatMoney(d.total)} has been paid by card.`,
      "You receive invoices because you are the billing contact or an invoice recipient of this billing account.",
    ],
    action: { label: "Download the invoice (PDF)", url: d.invoiceUrl },
  };
}
