import { sql } from "kysely";
import type { WriteScope } from "../../platform/change/write-scope.js";
import type { Db } from "../../platform/db/client.js";
import { deferWrite } from "../../platform/db/deferred-writes.js";
import type { ManagerSource } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";
import { precompiledQuery } from "../../platform/fast-path/precompiled.js";
import { fromAccountForViewer, managedBy, VIEWER_IS_MANAGER, type ViewerId } from "./accounts.repository.js";
import { PENDING } from "./invitations.repository.js";

type Executor = Db | Tx;

/** A3/A5: one row per (account, user); a second insert (double accept) does nothing. */
export async function insertManager(
  tx: Tx,
  values: { accountId: string; userId: string; source: ManagerSource; invitationId: string | null },
): Promise<boolean> {
  const row = await tx
    .insertInto("billing_account_managers")
    .values({
      billing_account_id: values.accountId,
      user_id: values.userId,
      source: values.source,
      invitation_id: values.invitationId,
    })
    .onConflict((oc) => oc.columns(["billing_account_id", "user_id"]).doNothing())
    .returning(["user_id"])
    .executeTakeFirst();
  return row !== undefined;
}

const managerFromInvitation = precompiledQuery((db: Db, invitationId: string, userId: string, asOf: Date) =>
  db
    .insertInto("billing_account_managers")
    .columns(["billing_account_id", "user_id", "source", "invitation_id"])
    .expression((eb) =>
      eb
        .selectFrom("billing_account_invitations as i")
        .select([
          "i.billing_account_id",
          sql<string>`${userId}::uuid`.as("user_id"),
          sql<ManagerSource>`'invitation'`.as("source"),
          "i.id",
        ])
        .where("i.id", "=", invitationId)
        .where("i.state", "=", PENDING)
        .where("i.expires_at", ">", asOf),
    )
    .onConflict((oc) => oc.columns(["billing_account_id", "user_id"]).doNothing()),
);

/**
 * A5: the membership an accepted invitation gives, deferred. It is inserted only if the invitation
 * is acceptable by the same test the accepting update uses (pending, unexpired at `asOf`), in the
 * same statement and snapshot, so the two happen together or not at all; a double accept makes
 * one membership.
 */
export function insertManagerFromInvitation(
  db: WriteScope,
  invitationId: string,
  userId: string,
  asOf: Date,
): Promise<void> {
  return deferWrite(db, managerFromInvitation(db, invitationId, userId, asOf));
}

export async function isManager(db: Executor, accountId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("billing_account_managers")
    .select("user_id")
    .where("billing_account_id", "=", accountId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * GET /billing-accounts/:id/managers in one round trip: the account's contact columns, whether the
 * viewer manages it (A2), and its managers. No row: no such account.
 */
function managersForViewerQuery(db: Db, accountId: string, viewerId: ViewerId) {
  return db
    .selectFrom("billing_accounts as a")
    .leftJoin("billing_account_managers as m", "m.billing_account_id", "a.id")
    .leftJoin("users as u", "u.id", "m.user_id")
    .select([
      "a.subscription_contact_user_id",
      "a.billing_contact_type",
      "a.billing_contact_user_id",
      managedBy(db, accountId, viewerId),
      "m.user_id",
      "m.added_at",
      "u.email",
      "u.first_name",
      "u.last_name",
    ])
    .where("a.id", "=", accountId)
    .orderBy("m.added_at")
    .orderBy("u.email_key");
}

/** GET /billing-accounts/:id/managers for whoever holds the session (`sessionRead`): one round trip (docs/decisions/007). */
export const listManagersForViewer = (db: Db, viewerId: ViewerId, accountId: string) =>
  managersForViewerQuery(db, accountId, viewerId);

/**
 * A3/A7/A8: what removing a manager decides on, in one statement: the account and its contacts,
 * the actor, the target, how many managers there are, and the pending invitations the target sent.
 */
function removalContextQuery(db: Db, accountId: string, viewerId: ViewerId, targetUserId: string) {
  return fromAccountForViewer(db, accountId, viewerId)
    .leftJoin("billing_account_managers as tm", (join) =>
      join.onRef("tm.billing_account_id", "=", "a.id").on("tm.user_id", "=", targetUserId),
    )
    .leftJoin("users as t", "t.id", "tm.user_id")
    .select((eb) => [
      "a.version",
      "a.company_name",
      "a.account_number",
      "a.subscription_contact_user_id",
      "a.billing_contact_type",
      "a.billing_contact_user_id",
      VIEWER_IS_MANAGER,
      "me.email",
      "me.first_name",
      "me.last_name",
      "t.email as target_email",
      eb
        .selectFrom("billing_account_managers")
        .select((c) => c.fn.countAll<string>().as("n"))
        .where("billing_account_id", "=", accountId)
        .as("manager_count"),
      sql<string[]>`array(${eb
        .selectFrom("billing_account_invitations")
        .select("id")
        .where("billing_account_id", "=", accountId)
        .where("invited_by_user_id", "=", targetUserId)
        .where("state", "=", PENDING)
        .orderBy("id")})`.as("sent_pending"),
    ]);
}

/** The removal's context read; `sessionRead` adds the session check (docs/decisions/008): its actor is whoever holds the session. */
export const readRemovalContext = (db: Db, viewerId: ViewerId, accountId: string, targetUserId: string) =>
  removalContextQuery(db, accountId, viewerId, targetUserId);

const managerDeletion = precompiledQuery((db: Db, accountId: string, userId: string) =>
  db.deleteFrom("billing_account_managers").where("billing_account_id", "=", accountId).where("user_id", "=", userId),
);

/** Deferred to the end of the change; the composite foreign keys still refuse a contact (A8). */
export function deleteManager(db: WriteScope, accountId: string, userId: string): Promise<void> {
  return deferWrite(db, managerDeletion(db, accountId, userId));
}
