// B8: people who receive invoices by email without portal access (an accounts-payable mailbox).
// The invoice email goes to the billing contact, copied to the `cc` recipients, and to each `to`
// recipient, with the PDF attached.

import type { Contacts } from "../../../shared/accounts.js";
import type { UpdateInvoiceRecipients } from "../../../shared/billing.js";
import { emailKey } from "../../../shared/email.js";
import { change } from "../../platform/change/change.js";
import type { TxScope } from "../../platform/change/write-scope.js";
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import type { Outbox } from "../../platform/mail/outbox.js";
import type { Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { invoiceMail } from "./billing.emails.js";
import { lockMoneyAccount, readMoneyAccountFor } from "./billing-access.js";
import type { Money } from "./money.js";

type Recipient = { email: string; kind: "to" | "cc" };

function listRecipients(db: Db | Tx, accountId: string): Promise<Recipient[]> {
  return db
    .selectFrom("invoice_recipients")
    .select(["email", "kind"])
    .where("billing_account_id", "=", accountId)
    .orderBy("created_at")
    .orderBy("email_key")
    .execute();
}

export async function getInvoiceRecipients(deps: Pick<BillingDeps, "db">, viewer: Viewer, accountId: string) {
  await readMoneyAccountFor(deps, viewer, accountId, "read");
  return { recipients: await listRecipients(deps.db, accountId) };
}

/** PUT: the whole list. The same address twice (any case, I1) is kept once, as its first kind. */
export async function replaceInvoiceRecipients(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  accountId: string,
  input: UpdateInvoiceRecipients,
  meta: RequestMeta,
) {
  await readMoneyAccountFor(deps, viewer, accountId, "write");
  const unique = new Map<string, Recipient>();
  for (const r of input.recipients) if (!unique.has(emailKey(r.email))) unique.set(emailKey(r.email), r);
  return change(deps.db, {
    lock: (tx) => lockMoneyAccount(tx, accountId, viewer.id),
    decide: async (tx) => {
      const before = await listRecipients(tx, accountId);
      await tx.deleteFrom("invoice_recipients").where("billing_account_id", "=", accountId).execute();
      if (unique.size > 0) {
        await tx
          .insertInto("invoice_recipients")
          .values(
            [...unique].map(([key, r]) => ({
              billing_account_id: accountId,
              email: r.email,
              email_key: key,
              kind: r.kind,
            })),
          )
          .execute();
      }
      const after = await listRecipients(tx, accountId);
      await recordEvent(tx, meta, {
        action: "billing_account.invoice_recipients_updated",
        subjectType: "billing_account",
        subjectId: accountId,
        billingAccountId: accountId,
        summary: { from: before, to: after },
      });
      return { recipients: after };
    },
  });
}

/** Enqueues the invoice email (E1: in the transaction that finalised the invoice). */
export async function sendInvoiceMails(
  tx: TxScope,
  outbox: Outbox,
  input: {
    accountId: string;
    contacts: Contacts;
    invoiceId: string;
    invoiceNumber: string;
    total: Money;
    issuedAt: string;
    invoicesUrl: string;
  },
): Promise<void> {
  const recipients = await listRecipients(tx, input.accountId);
  const cc = recipients.filter((r) => r.kind === "cc").map((r) => r.email);
  const to = [input.contacts.billingContact.email, ...recipients.filter((r) => r.kind === "to").map((r) => r.email)];
  const seen = new Set<string>();
  for (const address of to) {
    if (!address || seen.has(emailKey(address))) continue;
    seen.add(emailKey(address));
    await outbox.send(tx, {
      ...invoiceMail(address, {
        invoiceNumber: input.invoiceNumber,
        total: input.total,
        issuedAt: input.issuedAt,
        invoiceUrl: input.invoicesUrl,
      }),
      ...(address === input.contacts.billingContact.email && cc.length > 0 ? { cc } : {}),
      attachments: [{ kind: "invoice_pdf", ref: input.invoiceId }],
    });
  }
}
