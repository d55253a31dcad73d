// B4, B8: finalising an invoice, the one way: its number from the locked series, the snapshot it
// will always be drawn from, the row, and its email with the PDF — all in the change's transaction.
import type { Contacts } from "../../../shared/accounts.js";
import type { TxScope } from "../../platform/change/write-scope.js";
import type { BillingAccountRow } from "../../platform/db/schema.js";
import type { Outbox } from "../../platform/mail/outbox.js";
import type { Seller } from "./billing.deps.js";
import { accountPageUrl } from "./billing.links.js";
import { buildInvoiceSnapshot } from "./invoice-builder.js";
import { sendInvoiceMails } from "./invoice-recipients.js";
import { INVOICE_SERIES, insertInvoice, takeInvoiceNumber } from "./invoices.repository.js";
import type { Quote } from "./pricing.js";

export async function finaliseInvoice(
  tx: TxScope,
  seller: Seller,
  input: {
    account: BillingAccountRow;
    contacts: Contacts;
    subscription: { id: string; subscription_number: string };
    kind: "purchase" | "add_on" | "renewal";
    quote: Quote;
    card: { brand: string; last4: string };
    chargeId: string;
    issuedAt: Date;
  },
  /** Where the invoice email goes out from; demo data is finalised without one. */
  mail: { outbox: Outbox; baseUrl: string } | null,
) {
  const { account, subscription } = input;
  const number = await takeInvoiceNumber(tx);
  const snapshot = buildInvoiceSnapshot({
    number: number.number,
    issuedAt: input.issuedAt,
    seller,
    account,
    contacts: input.contacts,
    subscriptionNumber: subscription.subscription_number,
    quote: input.quote,
    card: input.card,
    chargeId: input.chargeId,
  });
  const invoice = await insertInvoice(tx, {
    number: number.number,
    series: INVOICE_SERIES,
    sequenceValue: number.value,
    accountId: account.id,
    subscriptionId: subscription.id,
    kind: input.kind,
    snapshot,
    chargeId: input.chargeId,
  });
  if (mail) {
    await sendInvoiceMails(tx, mail.outbox, {
      accountId: account.id,
      contacts: input.contacts,
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoice_number,
      total: input.quote.total,
      issuedAt: snapshot.issuedAt,
      invoicesUrl: accountPageUrl(mail.baseUrl, account.id, "invoices"),
    });
  }
  return invoice;
}
