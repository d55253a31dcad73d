// B4: invoices. A number is taken from its series under the series row's lock, in the transaction
// that writes the invoice: a rolled-back purchase gives its number back (gapless), and the unique
// key means a number is never used twice.
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import type { InvoiceSnapshot } from "./invoice-snapshot.js";

type Executor = Db | Tx;

export const INVOICE_SERIES = "INV";

/** The next number of the series, e.g. INV-000042 (more digits past 999999, never truncated). */
export async function takeInvoiceNumber(tx: Tx, series = INVOICE_SERIES): Promise<{ number: string; value: string }> {
  const row = await tx
    .updateTable("invoice_number_series")
    .set((eb) => ({ next_value: eb("next_value", "+", "1") }))
    .where("series", "=", series)
    .returning((eb) => eb("next_value", "-", "1").as("taken"))
    .executeTakeFirstOrThrow();
  const value = String(row.taken);
  return { number: `${series}-${value.padStart(6, "0")}`, value };
}

export const INVOICE_COLUMNS = [
  "invoices.id",
  "invoices.invoice_number",
  "invoices.billing_account_id",
  "invoices.subscription_id",
  "invoices.kind",
  "invoices.status",
  "invoices.currency",
  "invoices.total_minor",
  "invoices.issued_at",
] as const;

export function insertInvoice(
  tx: Tx,
  values: {
    number: string;
    series: string;
    sequenceValue: string;
    accountId: string;
    subscriptionId: string | null;
    kind: "purchase" | "add_on" | "renewal";
    snapshot: InvoiceSnapshot;
    chargeId: string;
  },
) {
  return tx
    .insertInto("invoices")
    .values({
      invoice_number: values.number,
      series: values.series,
      sequence_value: values.sequenceValue,
      billing_account_id: values.accountId,
      subscription_id: values.subscriptionId,
      kind: values.kind,
      currency: values.snapshot.currency,
      subtotal_minor: values.snapshot.subtotalMinor,
      tax_minor: values.snapshot.taxMinor,
      total_minor: values.snapshot.totalMinor,
      snapshot: JSON.stringify(values.snapshot),
      gateway_charge_id: values.chargeId,
      issued_at: values.snapshot.issuedAt,
    })
    .returning(["id", "invoice_number", "kind", "status", "currency", "total_minor", "issued_at"])
    .executeTakeFirstOrThrow();
}

export function listInvoices(db: Executor, accountId: string) {
  return db
    .selectFrom("invoices")
    .leftJoin("subscriptions", "subscriptions.id", "invoices.subscription_id")
    .select([...INVOICE_COLUMNS, "subscriptions.subscription_number"])
    .where("invoices.billing_account_id", "=", accountId)
    .orderBy("invoices.issued_at", "desc")
    .orderBy("invoices.id", "desc")
    .limit(500)
    .execute();
}

export type InvoiceListRow = Awaited<ReturnType<typeof listInvoices>>[number];

export function findInvoice(db: Executor, id: string) {
  return db
    .selectFrom("invoices")
    .leftJoin("subscriptions", "subscriptions.id", "invoices.subscription_id")
    .select([...INVOICE_COLUMNS, "subscriptions.subscription_number", "invoices.snapshot"])
    .where("invoices.id", "=", id)
    .executeTakeFirst();
}
