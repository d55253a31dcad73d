// S3, E1: a self-managed subscription's license file goes to the subscription contact on purchase,
// on each renewal and when an add-on changes the seats, queued with the change that caused it.
// Only the subscription contact: invoice recipients and billing contacts get invoices, and a
// reseller never gets a license (the contact is a person of the customer's own account).
import type { Contacts } from "../../../shared/accounts.js";
import type { TxScope } from "../../platform/change/write-scope.js";
import type { Outbox } from "../../platform/mail/outbox.js";
import { type LicenseMailReason, licenseFileMail } from "./billing.emails.js";
import { accountPageUrl } from "./billing.links.js";

export async function sendLicenseMail(
  tx: TxScope,
  deps: { outbox: Outbox; config: { baseUrl: string } },
  input: {
    contacts: Contacts;
    subscription: { id: string; subscription_number: string; billing_account_id: string; deployment: string };
    reason: LicenseMailReason;
  },
): Promise<void> {
  const to = input.contacts.subscriptionContact.email;
  if (input.subscription.deployment !== "self_managed" || !to) return;
  await deps.outbox.send(
    tx,
    licenseFileMail(to, {
      subscriptionId: input.subscription.id,
      subscriptionNumber: input.subscription.subscription_number,
      reason: input.reason,
      subscriptionsUrl: accountPageUrl(deps.config.baseUrl, input.subscription.billing_account_id, "subscriptions"),
    }),
  );
}
