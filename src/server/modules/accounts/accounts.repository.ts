import { type Expression, type InferResult, sql, type Updateable } from "kysely";
import type { WriteScope } from "../../platform/change/write-scope.js";
import type { Db } from "../../platform/db/client.js";
import { deferWrite } from "../../platform/db/deferred-writes.js";
import type { BillingAccountRow, BillingAccountsTable, Channel } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";
import { precompiledFirst, precompiledQuery } from "../../platform/fast-path/precompiled.js";
import { OVERVIEW_COLUMNS } from "./accounts.mapping.js";

type Executor = Db | Tx;

/** Every column of the account: the overview's, plus what the services read (creator, contact details). */
export const ACCOUNT_COLUMNS = [
  ...OVERVIEW_COLUMNS,
  "created_by_user_id",
  "subscription_contact_phone",
  "subscription_contact_address_line1",
  "subscription_contact_address_line2",
  "subscription_contact_address_city",
  "subscription_contact_address_region",
  "subscription_contact_address_postal_code",
  "subscription_contact_address_country",
  "billing_contact_email",
  "billing_contact_phone",
  "billing_contact_address_line1",
  "billing_contact_address_line2",
  "billing_contact_address_city",
  "billing_contact_address_region",
  "billing_contact_address_postal_code",
  "billing_contact_address_country",
] as const;

export type NewAccountValues = {
  companyName: string;
  taxId: string | null;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    region: string | null;
    postalCode: string;
    country: string;
  };
  currency: string;
  channel: Channel;
  resellerName: string | null;
  createdByUserId: string;
};

export function insertAccount(tx: Tx, values: NewAccountValues): Promise<BillingAccountRow> {
  return tx
    .insertInto("billing_accounts")
    .values({
      company_name: values.companyName,
      tax_id: values.taxId,
      address_line1: values.address.line1,
      address_line2: values.address.line2,
      address_city: values.address.city,
      address_region: values.address.region,
      address_postal_code: values.address.postalCode,
      address_country: values.address.country,
      currency: values.currency,
      channel: values.channel,
      reseller_name: values.resellerName,
      created_by_user_id: values.createdByUserId,
    })
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/**
 * A2: `is_manager`, whether `userId` manages `accountId` — one primary-key lookup, usable in any
 * select (it refers to no outer table unless `accountId` is a column of one; its alias `viewer`
 * shadows none). Every read that answers "may this viewer see it?" uses it.
 */
export function managedBy(db: Db, accountId: string | Expression<string>, userId: ViewerId) {
  return sql<boolean>`exists (${db
    .selectFrom("billing_account_managers as viewer")
    .select("viewer.user_id")
    .where("viewer.billing_account_id", "=", accountId)
    .where("viewer.user_id", "=", userId)})`.as("is_manager");
}

/**
 * Who is asking, in a read: a user id, or the id of whoever holds the session a read carries
 * (identity's `sessionRead`, docs/decisions/007).
 */
export type ViewerId = string | Expression<string>;

/** A2 in one round trip: the account, and whether `userId` manages it (primary-key lookups only). */
/** The account, or undefined: for code acting for the vendor (renewals), not for a viewer. */
export function findAccount(db: Executor, id: string): Promise<BillingAccountRow | undefined> {
  return db.selectFrom("billing_accounts").select(ACCOUNT_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export function findAccountForUser(db: Executor, id: string, userId: string) {
  return db
    .selectFrom("billing_accounts")
    .select([...ACCOUNT_COLUMNS, managedBy(db, id, userId)])
    .where("id", "=", id)
    .executeTakeFirst();
}

const QUALIFIED_OVERVIEW_COLUMNS = OVERVIEW_COLUMNS.map((c) => `a.${c}` as const);

/**
 * GET /billing-accounts/:id in one round trip: the account, whether the viewer manages it, and
 * the contacts' profiles the A9 warnings compare against.
 */
function accountOverviewQuery(db: Db, id: string, userId: ViewerId) {
  return db
    .selectFrom("billing_accounts as a")
    .leftJoin("users as sc", "sc.id", "a.subscription_contact_user_id")
    .leftJoin("users as bc", "bc.id", "a.billing_contact_user_id")
    .select([
      ...QUALIFIED_OVERVIEW_COLUMNS,
      managedBy(db, id, userId),
      "sc.email as sc_email",
      "sc.first_name as sc_first_name",
      "sc.last_name as sc_last_name",
      "bc.email as bc_email",
      "bc.first_name as bc_first_name",
      "bc.last_name as bc_last_name",
    ])
    .where("a.id", "=", id);
}

export type AccountOverviewRow = InferResult<ReturnType<typeof accountOverviewQuery>>[number];

export const findAccountOverview = precompiledFirst((db: Db, id: string, userId: string) =>
  accountOverviewQuery(db, id, userId),
);

/** GET /billing-accounts/:id for whoever holds the session: identity's `sessionRead` adds the check (one round trip). */
export const accountOverviewForViewer = (db: Db, viewerId: ViewerId, id: string) =>
  accountOverviewQuery(db, id, viewerId);

/**
 * The base of every "context" read a change of managers or invitations decides on (A3–A7): the
 * account with its version, the viewer's profile and whether the viewer manages the account, in
 * the statement that reads the rest. No row: no such account. The change's writes are then
 * guarded by the version read here (`accountVersionGuard`), so what was decided on is still true
 * when they happen (docs/decisions/005-account-changes-in-one-write.md).
 */
export function fromAccountForViewer(db: Db, accountId: string, viewerId: ViewerId) {
  return (
    db
      .selectFrom("billing_accounts as a")
      // The viewer exists: they hold a session, and sessions go with their user.
      .innerJoin("users as me", (join) => join.on("me.id", "=", viewerId))
      .leftJoin("billing_account_managers as mine", (join) =>
        join.onRef("mine.billing_account_id", "=", "a.id").on("mine.user_id", "=", viewerId),
      )
      .where("a.id", "=", accountId)
  );
}

/** The column of `fromAccountForViewer` saying whether the viewer manages the account (A2). */
export const VIEWER_IS_MANAGER = sql<boolean>`mine.user_id is not null`.as("is_manager");

/**
 * A3–A7: the guard of a change of managers or invitations (`changeOptimistically`): the collected
 * writes happen only if the account is still at `version`, and move it by one; otherwise the
 * statement fails with 40001 and the change is decided again, locked.
 */
export const accountVersionGuard = precompiledQuery((db: Db, accountId: string, version: number) =>
  db
    .updateTable("billing_accounts")
    .set({ version: sql<number>`version + 1` })
    .where("id", "=", accountId)
    .where("version", "=", version)
    .returning("id"),
);

/**
 * A3–A7: a change of an account's invitations or managers made through `change` (locked) moves the
 * version too, so a fast-path change decided before it is redone; deferred.
 */
export function moveAccountVersionLater(scope: WriteScope, accountId: string): Promise<void> {
  return deferWrite(
    scope,
    scope.updateTable("billing_accounts").set({ version: sql<number>`version + 1` }).where("id", "=", accountId),
  );
}

/**
 * A3/A7/A8: a transaction that changes an account's contacts or details takes this row lock first,
 * and a change of managers or invitations that lost an optimistic race takes it before deciding
 * again (`changeOptimistically`): such changes on one account then happen one at a time, and what is read
 * after the lock cannot be stale.
 */
export function lockAccount(tx: Tx, id: string): Promise<BillingAccountRow | undefined> {
  return tx.selectFrom("billing_accounts").select(ACCOUNT_COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** A5: the same lock as `lockAccount`, found through one of the account's invitations. */
export function lockAccountOfInvitation(tx: Tx, invitationId: string): Promise<BillingAccountRow | undefined> {
  return tx
    .selectFrom("billing_accounts")
    .select(ACCOUNT_COLUMNS)
    .where("id", "=", (eb) =>
      eb.selectFrom("billing_account_invitations").select("billing_account_id").where("id", "=", invitationId),
    )
    .forUpdate()
    .executeTakeFirst();
}

export type AccountPatch = Pick<
  Updateable<BillingAccountsTable>,
  | "company_name"
  | "tax_id"
  | "address_line1"
  | "address_line2"
  | "address_city"
  | "address_region"
  | "address_postal_code"
  | "address_country"
  | "subscription_contact_user_id"
  | "subscription_contact_first_name"
  | "subscription_contact_last_name"
  | "subscription_contact_phone"
  | "subscription_contact_address_line1"
  | "subscription_contact_address_line2"
  | "subscription_contact_address_city"
  | "subscription_contact_address_region"
  | "subscription_contact_address_postal_code"
  | "subscription_contact_address_country"
  | "billing_contact_type"
  | "billing_contact_user_id"
  | "billing_contact_first_name"
  | "billing_contact_last_name"
  | "billing_contact_email"
  | "billing_contact_phone"
  | "billing_contact_address_line1"
  | "billing_contact_address_line2"
  | "billing_contact_address_city"
  | "billing_contact_address_region"
  | "billing_contact_address_postal_code"
  | "billing_contact_address_country"
>;

export function updateAccount(tx: Tx, id: string, patch: AccountPatch): Promise<BillingAccountRow> {
  return (
    tx
      .updateTable("billing_accounts")
      // The version moves with every change, so a guarded change decided before this one is redone.
      .set({ ...patch, updated_at: sql`now()` as unknown as Date, version: sql<number>`version + 1` })
      .where("id", "=", id)
      .returning(ACCOUNT_COLUMNS)
      .executeTakeFirstOrThrow()
  );
}

/** GET /billing-accounts: the accounts the user manages, with their manager counts. */
export function listAccountsManagedBy(db: Db, userId: string) {
  return db
    .selectFrom("billing_account_managers as mine")
    .innerJoin("billing_accounts as a", "a.id", "mine.billing_account_id")
    .select((eb) => [
      "a.id",
      "a.account_number",
      "a.company_name",
      "a.channel",
      "a.reseller_name",
      "a.currency",
      eb
        .selectFrom("billing_account_managers as m")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("m.billing_account_id", "=", "a.id")
        .as("manager_count"),
    ])
    .where("mine.user_id", "=", userId)
    .orderBy("a.company_name")
    .orderBy("a.account_number")
    .execute();
}

/** The profiles behind the contacts: their emails, and their names for the A9 warnings. */
export function findContactProfiles(db: Executor, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "email", "first_name", "last_name"]).where("id", "in", userIds).execute();
}
