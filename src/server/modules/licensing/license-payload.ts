// S3: what a license file says, built in one place for the download, the activation and the email.

import { randomUUID } from "node:crypto";
import type { Contacts } from "../../../shared/accounts.js";
import type { LicensePayload } from "../../platform/licensing/license.js";
import type { SubscriptionRow } from "../billing/index.js";
import { LICENSE_GRACE_DAYS } from "./licensing.deps.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The file's own expiry: the end of the subscription's term (a calendar date, UTC) plus the grace
 * period, so an instance keeps working while a renewal's new file arrives. Kept apart from the
 * subscription's end, which the payload names as it is.
 */
export function licenseExpiry(termEnd: string): string {
  return new Date(Date.parse(`${termEnd}T00:00:00.000Z`) + LICENSE_GRACE_DAYS * DAY_MS).toISOString();
}

export function buildLicensePayload(input: {
  account: { company_name: string };
  contacts: Contacts;
  subscription: Pick<
    SubscriptionRow,
    "subscription_number" | "plan_id" | "plan_name" | "seats" | "term_start" | "term_end"
  >;
  instanceId: string | null;
  now: Date;
}): Omit<LicensePayload, "keyId"> {
  const { contacts, subscription } = input;
  const contact = contacts.subscriptionContact;
  return {
    v: 1,
    licenseId: randomUUID(),
    licensee: {
      name: `${contact.firstName} ${contact.lastName}`.trim(),
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
    expiresAt: licenseExpiry(subscription.term_end),
  };
}
