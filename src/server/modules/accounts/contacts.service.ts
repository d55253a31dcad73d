// A8, A9: the subscription contact (a manager) and the billing contact (the subscription
// contact, another manager, or a custom contact). Self-service on reseller accounts too (A10).

import type { Contacts, UpdateContacts } from "../../../shared/accounts.js";
import { change } from "../../platform/change/change.js";
import type { BillingAccountRow } from "../../platform/db/schema.js";
import { pgConstraint, pgErrorCode } from "../../platform/db/transaction.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { getAccountAccessOrThrow, lockAccountAsManagerOrThrow } from "./access.js";
import type { AccountsDeps, Viewer } from "./accounts.deps.js";
import { contactUserIds, toContacts } from "./accounts.mapping.js";
import { type AccountPatch, findAccount, findContactProfiles, updateAccount } from "./accounts.repository.js";
import { isManager } from "./managers.repository.js";
import { managerNotFound } from "./managers.service.js";

export async function getContactsOrThrow(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  accountId: string,
): Promise<Contacts> {
  const { account } = await getAccountAccessOrThrow(deps, viewer, accountId, "read");
  return toContacts(account, await findContactProfiles(deps.db, contactUserIds(account)));
}

type AddressIn = {
  line1: string;
  line2?: string | null | undefined;
  city: string;
  region?: string | null | undefined;
  postalCode: string;
  country: string;
} | null;

function addressColumns<P extends "subscription_contact" | "billing_contact">(
  prefix: P,
  address: AddressIn | undefined,
) {
  const a = address ?? null;
  return {
    [`${prefix}_address_line1`]: a?.line1 ?? null,
    [`${prefix}_address_line2`]: a?.line2 ?? null,
    [`${prefix}_address_city`]: a?.city ?? null,
    [`${prefix}_address_region`]: a?.region ?? null,
    [`${prefix}_address_postal_code`]: a?.postalCode ?? null,
    [`${prefix}_address_country`]: a?.country ?? null,
  } as AccountPatch;
}

/**
 * PUT /billing-accounts/:id/contacts: both contacts, whole. Under the account row lock, each
 * manager contact must be a current manager of this account (else 404 manager_not_found, the
 * same answer as for an id from another account); the composite foreign keys make the database
 * refuse anything else too.
 */
export async function updateContacts(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  accountId: string,
  input: UpdateContacts,
  meta: RequestMeta,
): Promise<Contacts> {
  await getAccountAccessOrThrow(deps, viewer, accountId, "write");
  try {
    const account = await change(deps.db, {
      lock: (tx) => lockAccountAsManagerOrThrow(tx, accountId, viewer.id),
      decide: async (tx, before) => {
        const sub = input.subscriptionContact;
        if (!(await isManager(tx, accountId, sub.userId))) throw managerNotFound();
        const billing = input.billingContact;
        if (billing.type === "manager" && !(await isManager(tx, accountId, billing.userId))) throw managerNotFound();

        const patch: AccountPatch = {
          subscription_contact_user_id: sub.userId,
          subscription_contact_first_name: sub.firstName.trim(),
          subscription_contact_last_name: sub.lastName.trim(),
          subscription_contact_phone: sub.phone ?? null,
          ...addressColumns("subscription_contact", sub.address),
          billing_contact_type: billing.type,
          billing_contact_user_id: billing.type === "manager" ? billing.userId : null,
          billing_contact_first_name: billing.type === "subscription_contact" ? "" : billing.firstName.trim(),
          billing_contact_last_name: billing.type === "subscription_contact" ? "" : billing.lastName.trim(),
          billing_contact_email: billing.type === "custom" ? billing.email : null,
          billing_contact_phone: billing.type === "subscription_contact" ? null : (billing.phone ?? null),
          ...addressColumns("billing_contact", billing.type === "subscription_contact" ? null : billing.address),
        };
        const changed = (Object.keys(patch) as (keyof AccountPatch)[]).filter((k) => before[k] !== patch[k]);
        if (changed.length === 0) return before;
        const after = await updateAccount(tx, accountId, patch);
        const summary: Record<string, unknown> = { changed };
        if (before.subscription_contact_user_id !== after.subscription_contact_user_id) {
          summary.subscriptionContact = {
            from: before.subscription_contact_user_id,
            to: after.subscription_contact_user_id,
          };
        }
        if (
          before.billing_contact_type !== after.billing_contact_type ||
          before.billing_contact_user_id !== after.billing_contact_user_id ||
          before.billing_contact_email !== after.billing_contact_email
        ) {
          summary.billingContact = {
            from: {
              type: before.billing_contact_type,
              userId: before.billing_contact_user_id,
              email: before.billing_contact_email,
            },
            to: {
              type: after.billing_contact_type,
              userId: after.billing_contact_user_id,
              email: after.billing_contact_email,
            },
          };
        }
        await recordEvent(tx, meta, {
          action: "billing_account.contacts_updated",
          subjectType: "billing_account",
          subjectId: accountId,
          billingAccountId: accountId,
          summary,
        });
        return after;
      },
    });
    return toContacts(account, await findContactProfiles(deps.db, contactUserIds(account)));
  } catch (error) {
    // A8 held by the database (billing_accounts_*_is_manager): never a contact who is not a manager.
    if (pgErrorCode(error) === "23503" && pgConstraint(error)?.endsWith("_is_manager")) throw managerNotFound();
    throw error;
  }
}

/**
 * The account and its contacts for the system's own mail (renewals, B7): no viewer, so no access
 * check — only code acting for the vendor calls it. Null for an account that does not exist.
 */
export async function findAccountWithContacts(
  db: Pick<AccountsDeps, "db">["db"],
  accountId: string,
): Promise<{ account: BillingAccountRow; contacts: Contacts } | null> {
  const account = await findAccount(db, accountId);
  if (!account) return null;
  return { account, contacts: toContacts(account, await findContactProfiles(db, contactUserIds(account))) };
}
