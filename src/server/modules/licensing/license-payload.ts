// S3: what a license file says, built in one place for the download, the activation and the email.

import { randomUUID } from "node:crypto";
import type { Contacts } from "../../../shared/accounts.js";
import type { LicensePayload } from "../../platform/licensing/license.js";
import { licenseExpiresAt } from "../../platform/licensing/license-payload.js";
import type { SubscriptionRow } from "../billing/index.js";

/** The licensee: the subscription contact (S3), as the account names them. */
export type LicenseContact = Pick<Contacts["subscriptionContact"], "firstName" | "lastName" | "email">;

export function buildLicensePayload(input: {
  account: { company_name: string };
  subscriptionContact: LicenseContact;
  subscription: Pick<
    SubscriptionRow,
    "subscription_number" | "plan_id" | "plan_name" | "seats" | "term_start" | "term_end"
  >;
  instanceId: string | null;
  now: Date;
}): Omit<LicensePayload, "keyId"> {
  const { subscriptionContact: contact, subscription } = input;
  return {
    v: 1,
    licenseId: randomUUID(),
    licensee: {
      // A profile may have no name yet: the file still names a person (their address, else the company).
      name: `${contact.firstName} ${contact.lastName}`.trim() || contact.email || input.account.company_name,
      company: input.account.company_name,
      email: contact.email ?? "",
    },
    plan: { id: subscription.plan_id, name: subscription.plan_name },
    seats: subscription.seats,
    subscriptions: [
      { number: subscription.subscription_number, start: subscription.term_start, end: subscription.term_end },
    ],
    instanceId: input.instanceId,
    issuedAt: input.now.toISOString(),
    // The file's own expiry: the term end plus the grace period (kept apart from the term end).
    expiresAt: licenseExpiresAt([subscription.term_end]),
  };
}
