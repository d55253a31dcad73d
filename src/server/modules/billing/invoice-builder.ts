// B4: the snapshot an invoice is rendered from, taken from the account and its billing contact at
// the moment it is finalised.
import type { Contacts } from "../../../shared/accounts.js";
import type { BillingAccountRow } from "../../platform/db/schema.js";
import type { Seller } from "./billing.deps.js";
import type { InvoiceSnapshot } from "./invoice-snapshot.js";
import type { Quote } from "./pricing.js";

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

type Address = {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
};

export function addressLines(a: Address): string[] {
  return [a.line1, a.line2, [a.postalCode, a.city].join(" "), a.region, countryNames.of(a.country) ?? a.country].filter(
    (line): line is string => Boolean(line),
  );
}

export function buildInvoiceSnapshot(input: {
  number: string;
  issuedAt: Date;
  seller: Seller;
  account: BillingAccountRow;
  contacts: Contacts;
  subscriptionNumber: string | null;
  quote: Quote;
  card: { brand: string; last4: string };
  chargeId: string;
}): InvoiceSnapshot {
  const { account, contacts, quote } = input;
  const billing = contacts.billingContact;
  return {
    version: 1,
    number: input.number,
    issuedAt: input.issuedAt.toISOString(),
    currency: quote.currency,
    seller: input.seller,
    buyer: {
      name: account.company_name,
      accountNumber: account.account_number,
      addressLines: addressLines({
        line1: account.address_line1,
        line2: account.address_line2,
        city: account.address_city,
        region: account.address_region,
        postalCode: account.address_postal_code,
        country: account.address_country,
      }),
      taxId: account.tax_id,
      email: null,
    },
    billingContact: {
      name: [billing.firstName, billing.lastName].filter(Boolean).join(" ") || (billing.email ?? ""),
      email: billing.email,
      addressLines: billing.address ? addressLines(billing.address) : [],
    },
    subscriptionNumber: input.subscriptionNumber,
    lines: quote.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmount.amountMinor,
      amountMinor: line.amount.amountMinor,
      prorationNote: line.proration
        ? `Prorated: ${line.proration.days} of ${line.proration.termDays} days (${line.proration.from} to ${line.proration.to})`
        : null,
    })),
    subtotalMinor: quote.subtotal.amountMinor,
    taxMinor: quote.tax.amountMinor,
    totalMinor: quote.total.amountMinor,
    payment: { brand: input.card.brand, last4: input.card.last4, chargeId: input.chargeId },
  };
}
