import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import { precompiled } from "../../platform/db/precompiled.js";
import type { BillingAccountInvitationRow, InvitationRowState } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";

type Executor = Db | Tx;

const INVITATION_COLUMNS = [
  "id",
  "billing_account_id",
  "email",
  "email_key",
  "token_hash",
  "invited_by_user_id",
  "state",
  "expires_at",
  "accepted_by_user_id",
  "resolved_at",
  "created_at",
  "updated_at",
] as const;

const now = () => sql`now()` as unknown as Date;

/**
 * 'pending' as a literal in the SQL, not a parameter: the partial indexes (`where state =
 * 'pending'`) then serve the cached generic plan of each prepared statement too. With a parameter
 * a generic plan cannot prove the index applies and scans the table (docs/decisions/003-performance.md).
 */
const PENDING = sql.lit("pending") as unknown as "pending";

export function insertInvitation(
  tx: Tx,
  values: { accountId: string; email: string; emailKey: string; tokenHash: string; invitedBy: string; expiresAt: Date },
): Promise<BillingAccountInvitationRow> {
  return tx
    .insertInto("billing_account_invitations")
    .values({
      billing_account_id: values.accountId,
      email: values.email,
      email_key: values.emailKey,
      token_hash: values.tokenHash,
      invited_by_user_id: values.invitedBy,
      expires_at: values.expiresAt,
    })
    .returning(INVITATION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** A4: the pending invitation (expired or not) to this address, if any. */
export function findPendingForAddress(
  tx: Tx,
  accountId: string,
  emailKey: string,
): Promise<BillingAccountInvitationRow | undefined> {
  return tx
    .selectFrom("billing_account_invitations")
    .select(INVITATION_COLUMNS)
    .where("billing_account_id", "=", accountId)
    .where("email_key", "=", emailKey)
    .where("state", "=", PENDING)
    .executeTakeFirst();
}

/** A4: renewing replaces the token (the old link stops working), the expiry and the inviter. */
export function renewInvitation(
  tx: Tx,
  id: string,
  values: { email: string; tokenHash: string; invitedBy: string; expiresAt: Date },
): Promise<BillingAccountInvitationRow> {
  return tx
    .updateTable("billing_account_invitations")
    .set({
      email: values.email,
      token_hash: values.tokenHash,
      invited_by_user_id: values.invitedBy,
      expires_at: values.expiresAt,
      updated_at: now(),
    })
    .where("id", "=", id)
    .where("state", "=", PENDING)
    .returning(INVITATION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** A4: pending invitations that can still be accepted (the cap counts these). */
export async function countOpenInvitations(tx: Tx, accountId: string): Promise<number> {
  const row = await tx
    .selectFrom("billing_account_invitations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("billing_account_id", "=", accountId)
    .where("state", "=", PENDING)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findInvitation(db: Executor, id: string): Promise<BillingAccountInvitationRow | undefined> {
  return db
    .selectFrom("billing_account_invitations")
    .select(INVITATION_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findInvitationByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<BillingAccountInvitationRow | undefined> {
  return db
    .selectFrom("billing_account_invitations")
    .select(INVITATION_COLUMNS)
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/**
 * A5: the one atomic state change of an invitation. Only a pending one moves, and accepting also
 * needs it unexpired; of two concurrent transitions exactly one gets the row back.
 */
export function resolveInvitation(
  tx: Tx,
  id: string,
  to: Exclude<InvitationRowState, "pending">,
  acceptedBy: string | null = null,
): Promise<BillingAccountInvitationRow | undefined> {
  let query = tx
    .updateTable("billing_account_invitations")
    .set({ state: to, accepted_by_user_id: acceptedBy, resolved_at: now(), updated_at: now() })
    .where("id", "=", id)
    .where("state", "=", PENDING);
  if (to === "accepted") query = query.where("expires_at", ">", sql<Date>`now()`);
  return query.returning(INVITATION_COLUMNS).executeTakeFirst();
}

/** A7: a removed manager's pending invitations for the account are revoked. */
export async function revokeInvitationsSentBy(tx: Tx, accountId: string, userId: string): Promise<string[]> {
  const rows = await tx
    .updateTable("billing_account_invitations")
    .set({ state: "revoked", resolved_at: now(), updated_at: now() })
    .where("billing_account_id", "=", accountId)
    .where("invited_by_user_id", "=", userId)
    .where("state", "=", PENDING)
    .returning(["id"])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * GET /billing-accounts/:id/invitations in one round trip: whether the viewer manages the account
 * (A2) and its pending invitations (A6), with the inviter and whether the address has a profile.
 * No row: no such account; one row with a null id: no pending invitation.
 */
function pendingForViewerQuery(db: Db, accountId: string, viewerId: string) {
  return db
    .selectFrom("billing_accounts as a")
    .leftJoin("billing_account_invitations as i", (join) =>
      join.onRef("i.billing_account_id", "=", "a.id").on("i.state", "=", PENDING),
    )
    .leftJoin("users as inviter", "inviter.id", "i.invited_by_user_id")
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom("billing_account_managers as viewer")
            .select("viewer.user_id")
            .where("viewer.billing_account_id", "=", accountId)
            .where("viewer.user_id", "=", viewerId),
        )
        .as("is_manager"),
      "i.id",
      "i.email",
      "i.expires_at",
      "i.created_at",
      "i.invited_by_user_id",
      "inviter.email as inviter_email",
      "inviter.first_name as inviter_first_name",
      "inviter.last_name as inviter_last_name",
      eb
        .exists(
          eb.selectFrom("users as invitee").select("invitee.id").whereRef("invitee.email_key", "=", "i.email_key"),
        )
        .as("has_profile"),
      sql<boolean>`i.expires_at <= now()`.as("expired"),
    ])
    .where("a.id", "=", accountId)
    .orderBy("i.created_at", "desc")
    .orderBy("i.id");
}

export const listPendingForViewer = precompiled(pendingForViewerQuery);

/** GET /invitations: pending invitations to an address, with what the invitee may see. */
export function listPendingForAddress(db: Db, emailKey: string) {
  return db
    .selectFrom("billing_account_invitations as i")
    .innerJoin("billing_accounts as a", "a.id", "i.billing_account_id")
    .leftJoin("users as inviter", "inviter.id", "i.invited_by_user_id")
    .select([
      "i.id",
      "i.email",
      "i.expires_at",
      "a.company_name",
      "inviter.email as inviter_email",
      "inviter.first_name as inviter_first_name",
      "inviter.last_name as inviter_last_name",
      sql<boolean>`i.expires_at <= now()`.as("expired"),
    ])
    .where("i.email_key", "=", emailKey)
    .where("i.state", "=", PENDING)
    .orderBy("i.created_at", "desc")
    .execute();
}

/** What the invitation page may show: the account's company name and the inviter. */
export function findInvitationContext(db: Executor, invitationId: string) {
  return db
    .selectFrom("billing_account_invitations as i")
    .innerJoin("billing_accounts as a", "a.id", "i.billing_account_id")
    .leftJoin("users as inviter", "inviter.id", "i.invited_by_user_id")
    .select([
      "a.company_name",
      "a.account_number",
      "inviter.email as inviter_email",
      "inviter.first_name as inviter_first_name",
      "inviter.last_name as inviter_last_name",
      sql<boolean>`i.expires_at <= now()`.as("expired"),
    ])
    .where("i.id", "=", invitationId)
    .executeTakeFirst();
}
