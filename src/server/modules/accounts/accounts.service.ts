// A1, A2, A8, A9, A10: billing accounts and their company details.

import type { BillingAccount, BillingAccountSummary, UpdateBillingAccount } from "../../../shared/accounts.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { DEFAULT_CURRENCY } from "../../../shared/iso.js";
import { change } from "../../platform/change/change.js";
import type { TxScope } from "../../platform/change/write-scope.js";
import type { BillingAccountRow, Channel } from "../../platform/db/schema.js";
import { AppError, notSignedIn } from "../../platform/errors.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { findUserById, type SessionCookie, sessionRead } from "../identity/index.js";
import { accountNotFound, decideAccess, getAccountAccessOrThrow, lockAccountAsManagerOrThrow } from "./access.js";
import type { Access, AccountsDeps, Viewer } from "./accounts.deps.js";
import {
  type ContactProfile,
  companyAddress,
  contactUserIds,
  contactWarnings,
  toAccount,
  toAccountSummary,
} from "./accounts.mapping.js";
import {
  type AccountOverviewRow,
  type AccountPatch,
  accountOverviewForViewer,
  findAccountOverview,
  findContactProfiles,
  insertAccount,
  listAccountsManagedBy,
  updateAccount,
} from "./accounts.repository.js";
import { insertManager } from "./managers.repository.js";
import { normaliseTaxId } from "./tax-id.js";

export type NewBillingAccount = {
  companyName: string;
  taxId?: string | null | undefined;
  address: {
    line1: string;
    line2?: string | null | undefined;
    city: string;
    region?: string | null | undefined;
    postalCode: string;
    country: string;
  };
  currency?: string | undefined;
};

/**
 * A1/A8: creates an account; its creator becomes its first manager and its subscription contact,
 * and the billing contact defaults to the subscription contact. POST /billing-accounts always
 * makes a direct account; `channel` is for staff and seed code (reseller orders, R3).
 */
export async function createBillingAccount(
  deps: Pick<AccountsDeps, "db">,
  creatorId: string,
  input: NewBillingAccount,
  meta: RequestMeta,
  options: { channel?: Channel; resellerName?: string | null; scope?: TxScope } = {},
): Promise<BillingAccountRow> {
  const work = async (tx: TxScope) => {
    const creator = await findUserById(tx, creatorId);
    if (!creator) throw notSignedIn();
    const channel = options.channel ?? "direct";
    const created = await insertAccount(tx, {
      companyName: input.companyName,
      taxId: input.taxId ? normaliseTaxId(input.address.country, input.taxId) : null,
      address: {
        line1: input.address.line1,
        line2: input.address.line2 ?? null,
        city: input.address.city,
        region: input.address.region ?? null,
        postalCode: input.address.postalCode,
        country: input.address.country,
      },
      currency: input.currency ?? DEFAULT_CURRENCY,
      channel,
      resellerName: channel === "reseller" ? (options.resellerName ?? "Reseller") : null,
      createdByUserId: creator.id,
    });
    await insertManager(tx, { accountId: created.id, userId: creator.id, source: "created", invitationId: null });
    // The contact FK needs the membership first, hence the second statement.
    const account = await updateAccount(tx, created.id, {
      subscription_contact_user_id: creator.id,
      subscription_contact_first_name: creator.first_name,
      subscription_contact_last_name: creator.last_name,
    });
    await recordEvent(tx, meta, {
      action: "billing_account.created",
      subjectType: "billing_account",
      subjectId: account.id,
      billingAccountId: account.id,
      summary: {
        accountNumber: account.account_number,
        companyName: account.company_name,
        channel: account.channel,
        currency: account.currency,
        subscriptionContact: creator.id,
      },
    });
    return account;
  };
  // No lock: the rows are new. Seeding creates accounts inside its own change (`scope`).
  return options.scope ? work(options.scope) : change(deps.db, { lock: null, decide: work });
}

export async function listMyAccounts(deps: Pick<AccountsDeps, "db">, viewer: Viewer): Promise<BillingAccountSummary[]> {
  const rows = await listAccountsManagedBy(deps.db, viewer.id);
  return rows.map(toAccountSummary);
}

async function present(deps: Pick<AccountsDeps, "db">, account: BillingAccountRow, access: Access) {
  const profiles = await findContactProfiles(deps.db, contactUserIds(account));
  return toAccount(account, access, contactWarnings(account, profiles));
}

/** The overview of an account for a known viewer (after creating it): one query. */
export async function getAccountOrThrow(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  id: string,
): Promise<BillingAccount> {
  return overview(viewer, await findAccountOverview(deps.db, id, viewer.id));
}

/**
 * GET /billing-accounts/:id: one query, the session check included (account, access, contact
 * profiles; docs/decisions/007). 401 without a live session, then 404 or the overview (A2, A9).
 */
export async function getAccountForSessionOrThrow(
  deps: Pick<AccountsDeps, "db">,
  session: SessionCookie,
  id: string,
): Promise<BillingAccount> {
  const read = await sessionRead(deps.db, session, accountOverviewForViewer, id);
  return overview(read.user, read.rows[0]);
}

function overview(viewer: Viewer, row: AccountOverviewRow | undefined): BillingAccount {
  if (!row) throw accountNotFound();
  const { is_manager, sc_email, sc_first_name, sc_last_name, bc_email, bc_first_name, bc_last_name, ...account } = row;
  const access = decideAccess(viewer, Boolean(is_manager), "read");
  const profiles: ContactProfile[] = [];
  if (account.subscription_contact_user_id && sc_email !== null) {
    profiles.push({
      id: account.subscription_contact_user_id,
      email: sc_email,
      first_name: sc_first_name ?? "",
      last_name: sc_last_name ?? "",
    });
  }
  if (account.billing_contact_user_id && bc_email !== null) {
    profiles.push({
      id: account.billing_contact_user_id,
      email: bc_email,
      first_name: bc_first_name ?? "",
      last_name: bc_last_name ?? "",
    });
  }
  return toAccount(account, access, contactWarnings(account, profiles));
}

/** A10: managers edit company details of direct accounts; reseller accounts answer 403. */
export async function updateCompanyDetails(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  id: string,
  patch: UpdateBillingAccount,
  meta: RequestMeta,
): Promise<BillingAccount> {
  await getAccountAccessOrThrow(deps, viewer, id, "write");
  const account = await change(deps.db, {
    lock: (tx) => lockAccountAsManagerOrThrow(tx, id, viewer.id),
    decide: async (tx, before) => {
      if (before.channel === "reseller") {
        throw new AppError(
          "forbidden",
          ERROR_CODES.resellerReadOnly,
          "The company details of an account bought through a reseller are read-only. Contact your reseller to change them.",
        );
      }
      const set: AccountPatch = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (patch.companyName !== undefined && patch.companyName !== before.company_name) {
        set.company_name = patch.companyName;
        changes.companyName = { from: before.company_name, to: patch.companyName };
      }
      // A1: checked for the country it will stand with (the new address's, when that changes too).
      const taxId = patch.taxId
        ? normaliseTaxId(patch.address?.country ?? before.address_country, patch.taxId)
        : patch.taxId;
      if (taxId !== undefined && (taxId ?? null) !== before.tax_id) {
        set.tax_id = taxId ?? null;
        changes.taxId = { from: before.tax_id, to: taxId ?? null };
      }
      if (patch.address !== undefined) {
        const next = {
          line1: patch.address.line1,
          line2: patch.address.line2 ?? null,
          city: patch.address.city,
          region: patch.address.region ?? null,
          postalCode: patch.address.postalCode,
          country: patch.address.country,
        };
        const previous = companyAddress(before);
        if (JSON.stringify(next) !== JSON.stringify(previous)) {
          Object.assign(set, {
            address_line1: next.line1,
            address_line2: next.line2,
            address_city: next.city,
            address_region: next.region,
            address_postal_code: next.postalCode,
            address_country: next.country,
          } satisfies AccountPatch);
          changes.address = { from: previous, to: next };
        }
      }
      if (Object.keys(changes).length === 0) return before;
      const after = await updateAccount(tx, id, set);
      await recordEvent(tx, meta, {
        action: "billing_account.updated",
        subjectType: "billing_account",
        subjectId: id,
        billingAccountId: id,
        summary: changes,
      });
      return after;
    },
  });
  return present(deps, account, "manager");
}
