// Rows → API shapes (src/shared/accounts.ts), and the A9 warnings.
import type {
  AccountWarning,
  Address,
  BillingAccount,
  BillingAccountSummary,
  Contacts,
} from "../../../shared/accounts.js";
import type { BillingAccountRow } from "../../platform/db/schema.js";
import type { Access } from "./accounts.deps.js";

export type ContactProfile = { id: string; email: string; first_name: string; last_name: string };

export function displayName(person: { first_name: string; last_name: string; email: string }): string {
  const name = `${person.first_name} ${person.last_name}`.trim();
  return name === "" ? person.email : name;
}

function addressOrNull(parts: {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}): Address | null {
  if (parts.line1 === null || parts.city === null || parts.postalCode === null || parts.country === null) return null;
  return {
    line1: parts.line1,
    line2: parts.line2,
    city: parts.city,
    region: parts.region,
    postalCode: parts.postalCode,
    country: parts.country,
  };
}

export function companyAddress(
  row: Pick<
    BillingAccountRow,
    "address_line1" | "address_line2" | "address_city" | "address_region" | "address_postal_code" | "address_country"
  >,
): Address {
  return {
    line1: row.address_line1,
    line2: row.address_line2,
    city: row.address_city,
    region: row.address_region,
    postalCode: row.address_postal_code,
    country: row.address_country,
  };
}

/** The columns toAccount and contactWarnings read (the overview selects only these). */
export const OVERVIEW_COLUMNS = [
  "id",
  "account_number",
  "company_name",
  "tax_id",
  "address_line1",
  "address_line2",
  "address_city",
  "address_region",
  "address_postal_code",
  "address_country",
  "currency",
  "channel",
  "reseller_name",
  "created_at",
  "updated_at",
  "subscription_contact_user_id",
  "subscription_contact_first_name",
  "subscription_contact_last_name",
  "billing_contact_type",
  "billing_contact_user_id",
  "billing_contact_first_name",
  "billing_contact_last_name",
] as const;
export type OverviewRow = Pick<BillingAccountRow, (typeof OVERVIEW_COLUMNS)[number]>;

export function toAccount(row: OverviewRow, access: Access, warnings: AccountWarning[]): BillingAccount {
  return {
    id: row.id,
    accountNumber: row.account_number,
    companyName: row.company_name,
    taxId: row.tax_id,
    address: companyAddress(row),
    currency: row.currency,
    channel: row.channel,
    resellerName: row.reseller_name,
    companyDetailsEditable: access === "manager" && row.channel === "direct",
    access,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    warnings,
  };
}

export function toAccountSummary(row: {
  id: string;
  account_number: string;
  company_name: string;
  channel: "direct" | "reseller";
  reseller_name: string | null;
  currency: string;
  manager_count: string | number | null;
}): BillingAccountSummary {
  return {
    id: row.id,
    accountNumber: row.account_number,
    companyName: row.company_name,
    channel: row.channel,
    resellerName: row.reseller_name,
    currency: row.currency,
    managerCount: Number(row.manager_count ?? 0),
  };
}

const sameName = (a: { first: string; last: string }, b: { first: string; last: string }) =>
  a.first.trim() === b.first.trim() && a.last.trim() === b.last.trim();

/**
 * A9: a contact whose stored name differs from the manager's profile name, and a subscription
 * contact who is no longer a manager (only staff can bring that about; the column is then null).
 */
export function contactWarnings(row: OverviewRow, profiles: ContactProfile[]): AccountWarning[] {
  const warnings: AccountWarning[] = [];
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const subscription = row.subscription_contact_user_id ? byId.get(row.subscription_contact_user_id) : undefined;
  if (!subscription) {
    warnings.push({
      code: "subscription_contact_not_manager",
      contact: "subscription",
      message: "The subscription contact is no longer a manager of this account. Choose a manager as the new contact.",
    });
  } else if (
    !sameName(
      { first: row.subscription_contact_first_name, last: row.subscription_contact_last_name },
      { first: subscription.first_name, last: subscription.last_name },
    )
  ) {
    warnings.push({
      code: "contact_name_differs",
      contact: "subscription",
      message: `The subscription contact's name differs from ${displayName(subscription)}'s profile name.`,
    });
  }
  if (row.billing_contact_type === "manager" && row.billing_contact_user_id) {
    const billing = byId.get(row.billing_contact_user_id);
    if (
      billing &&
      !sameName(
        { first: row.billing_contact_first_name, last: row.billing_contact_last_name },
        { first: billing.first_name, last: billing.last_name },
      )
    ) {
      warnings.push({
        code: "contact_name_differs",
        contact: "billing",
        message: `The billing contact's name differs from ${displayName(billing)}'s profile name.`,
      });
    }
  }
  return warnings;
}

/** The user ids whose profiles contactWarnings and toContacts need. */
export function contactUserIds(row: BillingAccountRow): string[] {
  return [row.subscription_contact_user_id, row.billing_contact_user_id].filter((id): id is string => id !== null);
}

export function toContacts(row: BillingAccountRow, profiles: ContactProfile[]): Contacts {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const subscriptionContact = {
    userId: row.subscription_contact_user_id,
    email: row.subscription_contact_user_id ? (byId.get(row.subscription_contact_user_id)?.email ?? null) : null,
    firstName: row.subscription_contact_first_name,
    lastName: row.subscription_contact_last_name,
    phone: row.subscription_contact_phone,
    address: addressOrNull({
      line1: row.subscription_contact_address_line1,
      line2: row.subscription_contact_address_line2,
      city: row.subscription_contact_address_city,
      region: row.subscription_contact_address_region,
      postalCode: row.subscription_contact_address_postal_code,
      country: row.subscription_contact_address_country,
    }),
  };
  const billingContact =
    row.billing_contact_type === "subscription_contact"
      ? { type: "subscription_contact" as const, ...subscriptionContact }
      : {
          type: row.billing_contact_type,
          userId: row.billing_contact_user_id,
          email:
            row.billing_contact_type === "custom"
              ? row.billing_contact_email
              : row.billing_contact_user_id
                ? (byId.get(row.billing_contact_user_id)?.email ?? null)
                : null,
          firstName: row.billing_contact_first_name,
          lastName: row.billing_contact_last_name,
          phone: row.billing_contact_phone,
          address: addressOrNull({
            line1: row.billing_contact_address_line1,
            line2: row.billing_contact_address_line2,
            city: row.billing_contact_address_city,
            region: row.billing_contact_address_region,
            postalCode: row.billing_contact_address_postal_code,
            country: row.billing_contact_address_country,
          }),
        };
  return { subscriptionContact, billingContact, warnings: contactWarnings(row, profiles) };
}
