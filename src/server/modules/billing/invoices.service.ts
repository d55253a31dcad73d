// B4, B6: invoices of direct accounts, listed and downloaded as PDF. The PDF is drawn from the
// snapshot frozen at finalisation, never from the account as it is now.

import type { InvoiceSummary } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { AppError } from "../../platform/errors.js";
import type { Attachment } from "../../platform/mail/message.js";
import { getAccountAccessOrThrow, type Viewer } from "../accounts/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { assertDirect, readMoneyAccountFor } from "./billing-access.js";
import { renderInvoicePdf } from "./invoice-pdf.js";
import { invoiceSnapshotSchema } from "./invoice-snapshot.js";
import { findInvoice, listInvoices } from "./invoices.repository.js";
import { toInvoiceSummary } from "./subscriptions.mapping.js";

const invoiceNotFound = () =>
  new AppError("not_found", ERROR_CODES.invoiceNotFound, "There is no invoice with this id among yours.");

export async function listAccountInvoices(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  accountId: string,
): Promise<InvoiceSummary[]> {
  await readMoneyAccountFor(deps, viewer, accountId, "read");
  return (await listInvoices(deps.db, accountId)).map(toInvoiceSummary);
}

async function readInvoiceFor(deps: Pick<BillingDeps, "db">, viewer: Viewer, invoiceId: string) {
  const row = await findInvoice(deps.db, invoiceId);
  if (!row) throw invoiceNotFound();
  try {
    const { account } = await getAccountAccessOrThrow(deps, viewer, row.billing_account_id, "read");
    assertDirect(account);
  } catch (error) {
    if (error instanceof AppError && error.kind === "not_found") throw invoiceNotFound();
    throw error;
  }
  return row;
}

export async function getInvoice(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  invoiceId: string,
): Promise<InvoiceSummary> {
  return toInvoiceSummary(await readInvoiceFor(deps, viewer, invoiceId));
}

export async function invoicePdf(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  invoiceId: string,
): Promise<{ fileName: string; pdf: Buffer }> {
  const row = await readInvoiceFor(deps, viewer, invoiceId);
  const snapshot = invoiceSnapshotSchema.parse(
    typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot,
  );
  return { fileName: `${row.invoice_number}.pdf`, pdf: await renderInvoicePdf(snapshot) };
}

/** The invoice PDF for the invoice email (B8); the mail worker asks for it when it delivers. */
export async function invoiceAttachment(db: BillingDeps["db"], invoiceId: string): Promise<Attachment> {
  const row = await findInvoice(db, invoiceId);
  if (!row) throw new Error(`invoice ${invoiceId} not found for its email`);
  const snapshot = invoiceSnapshotSchema.parse(
    typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot,
  );
  return {
    filename: `${row.invoice_number}.pdf`,
    contentType: "application/pdf",
    content: await renderInvoicePdf(snapshot),
  };
}
