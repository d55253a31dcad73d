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
      `Invoice ${d.invoiceNumber} of ${humanDate(d.issuedAt)} for ${formatMoney(d.total)} has been paid by card. It is attached as a PDF.`,
      "You receive invoices because you are the billing contact or an invoice recipient of this billing account. Its managers can also find every invoice in the portal.",
    ],
    action: { label: "Invoices in the portal", url: d.invoiceUrl },
  };
}

export function renewalReminderMail(
  to: string,
  d: { subscriptionNumber: string; termEnd: string; amount: Money; cardLast4: string | null; subscriptionsUrl: string },
): MailContent {
  return {
    to,
    subject: `Subscription ${d.subscriptionNumber} renews on ${humanDate(d.termEnd)}`,
    paragraphs: [
      `Subscription ${d.subscriptionNumber} renews automatically on ${humanDate(d.termEnd)} for one more year. We will charge ${formatMoney(d.amount)} ${d.cardLast4 ? `to the default card ending in ${d.cardLast4}` : "to the account's default card (there is none yet: add one before then)"}.`,
      "To stop the renewal, turn auto-renew off on the subscriptions page before that day. Seats can be reduced at renewal by contacting support.",
    ],
    action: { label: "Manage the subscription", url: d.subscriptionsUrl },
  };
}

export function renewalFailedMail(
  to: string,
  d: { subscriptionNumber: string; reason: string; nextAttempt: string | null; paymentMethodsUrl: string },
): MailContent {
  return {
    to,
    subject: `We could not renew subscription ${d.subscriptionNumber}`,
    paragraphs: [
      `The renewal payment for subscription ${d.subscriptionNumber} failed: ${d.reason}`,
      d.nextAttempt
        ? `We will try again on ${humanDate(d.nextAttempt)}. Adding a new default card tries again at once.`
        : "We will not try again: the subscription has expired. Buy a new subscription to continue.",
    ],
    action: { label: "Update the payment method", url: d.paymentMethodsUrl },
  };
}

export function subscriptionExpiredMail(to: string, d: { subscriptionNumber: string; termEnd: string }): MailContent {
  return {
    to,
    subject: `Subscription ${d.subscriptionNumber} has expired`,
    paragraphs: [`Subscription ${d.subscriptionNumber} ended on ${humanDate(d.termEnd)} and was not renewed.`],
  };
}

/** What brought a new license file (S3): the purchase, a renewal's new term, more seats. */
export type LicenseMailReason = "purchase" | "renewal" | "seats";

const LICENSE_MAIL_OPENING: Record<LicenseMailReason, (n: string) => string> = {
  purchase: (n) => `The license file for your new subscription ${n} is attached.`,
  renewal: (n) => `Subscription ${n} has renewed. The license file for its new term is attached.`,
  seats: (n) => `Subscription ${n} has more seats now. The license file with the new seat count is attached.`,
};

/**
 * S3: the license file, to the subscription contact only (never invoice recipients, never a
 * reseller). The file is signed by the worker when it delivers (attachment `license_file`), so it
 * carries the subscription as it is then.
 */
export function licenseFileMail(
  to: string,
  d: { subscriptionId: string; subscriptionNumber: string; reason: LicenseMailReason; subscriptionsUrl: string },
): MailContent {
  return {
    to,
    subject: `License file for subscription ${d.subscriptionNumber}`,
    paragraphs: [
      LICENSE_MAIL_OPENING[d.reason](d.subscriptionNumber),
      "Load it into your self-managed instance, or activate the instance with the subscription's activation code from the subscriptions page. Anyone can check the file offline with `billfold license verify`.",
      "You receive license files because you are the subscription contact of this billing account.",
    ],
    action: { label: "Subscriptions in the portal", url: d.subscriptionsUrl },
    attachments: [{ kind: "license_file", ref: d.subscriptionId }],
  };
}
