import { type Expression, sql } from "kysely";
import type { WriteScope } from "../../platform/change/write-scope.js";
import type { Db } from "../../platform/db/client.js";
import { deferWrite } from "../../platform/db/deferred-writes.js";
import type { BillingAccountInvitationRow, InvitationRowState } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";
import { precompiledFirst, precompiledQuery } from "../../platform/fast-path/precompiled.js";
import { fromAccountForViewer, managedBy, VIEWER_IS_MANAGER, type ViewerId } from "./accounts.repository.js";

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
export const PENDING = sql.lit("pending") as unknown as "pending";

type NewInvitation = {
  accountId: string;
  email: string;
  emailKey: string;
  tokenHash: string;
  invitedBy: string;
  expiresAt: Date;
};

function insertInvitationQuery(db: Db, values: NewInvitation & { id?: string }) {
  return db.insertInto("billing_account_invitations").values({
    ...(values.id ? { id: values.id } : {}),
    billing_account_id: values.accountId,
    email: values.email,
    email_key: values.emailKey,
    token_hash: values.tokenHash,
    invited_by_user_id: values.invitedBy,
    expires_at: values.expiresAt,
  });
}

export function insertInvitation(tx: Tx, values: NewInvitation): Promise<BillingAccountInvitationRow> {
  return insertInvitationQuery(tx, values).returning(INVITATION_COLUMNS).executeTakeFirstOrThrow();
}

const invitationInsert = precompiledQuery(
  (
    db: Db,
    id: string,
    accountId: string,
    email: string,
    emailKey: string,
    tokenHash: string,
    invitedBy: string,
    expiresAt: Date,
  ) => insertInvitationQuery(db, { id, accountId, email, emailKey, tokenHash, invitedBy, expiresAt }),
);

/** A4: a new invitation with an id chosen here, deferred to the end of the change. */
export function insertInvitationLater(db: WriteScope, values: NewInvitation & { id: string }): Promise<void> {
  const { id, accountId, email, emailKey, tokenHash, invitedBy, expiresAt } = values;
  return deferWrite(db, invitationInsert(db, id, accountId, email, emailKey, tokenHash, invitedBy, expiresAt));
}

const invitationRenewal = precompiledQuery(
  (db: Db, id: string, email: string, tokenHash: string, invitedBy: string, expiresAt: Date) =>
    db
      .updateTable("billing_account_invitations")
      .set({
        email,
        token_hash: tokenHash,
        invited_by_user_id: invitedBy,
        expires_at: expiresAt,
        updated_at: now(),
      })
      .where("id", "=", id)
      .where("state", "=", PENDING),
);

/** A4: renewing replaces the token (the old link stops working), the expiry and the inviter; deferred. */
export function renewInvitationLater(
  db: WriteScope,
  id: string,
  values: { email: string; tokenHash: string; invitedBy: string; expiresAt: Date },
): Promise<void> {
  return deferWrite(db, invitationRenewal(db, id, values.email, values.tokenHash, values.invitedBy, values.expiresAt));
}

/**
 * A4: what inviting decides on, in one statement: the account, the inviter and whether they manage
 * it, whether the address already manages it, its pending invitation (expired or not) and how many
 * unexpired ones are pending.
 */
function inviteContextQuery(db: Db, accountId: string, viewerId: ViewerId, emailKey: string) {
  return fromAccountForViewer(db, accountId, viewerId)
    .leftJoin("billing_account_invitations as p", (join) =>
      join.onRef("p.billing_account_id", "=", "a.id").on("p.email_key", "=", emailKey).on("p.state", "=", PENDING),
    )
    .select((eb) => [
      "a.version",
      "a.company_name",
      VIEWER_IS_MANAGER,
      "me.email",
      "me.first_name",
      "me.last_name",
      eb
        .exists(
          eb
            .selectFrom("billing_account_managers as m")
            .innerJoin("users as u", "u.id", "m.user_id")
            .select("m.user_id")
            .where("m.billing_account_id", "=", accountId)
            .where("u.email_key", "=", emailKey),
        )
        .as("already_manager"),
      "p.id as pending_id",
      "p.expires_at as pending_expires_at",
      eb
        .selectFrom("billing_account_invitations")
        .select((c) => c.fn.countAll<string>().as("n"))
        .where("billing_account_id", "=", accountId)
        .where("state", "=", PENDING)
        .where("expires_at", ">", sql<Date>`now()`)
        .as("open_count"),
    ]);
}

/** The invitation's context read; `sessionRead` adds the session check (docs/decisions/008): the inviter is whoever holds the session. */
export const readInviteContext = (db: Db, viewerId: ViewerId, accountId: string, emailKey: string) =>
  inviteContextQuery(db, accountId, viewerId, emailKey);

/** A6: what revoking decides on, in one statement: the account, the viewer's membership, the invitation. */
function revokeContextQuery(db: Db, accountId: string, viewerId: ViewerId, invitationId: string) {
  return fromAccountForViewer(db, accountId, viewerId)
    .leftJoin("billing_account_invitations as i", (join) =>
      join.on("i.id", "=", invitationId).onRef("i.billing_account_id", "=", "a.id"),
    )
    .select(["a.version", VIEWER_IS_MANAGER, "i.id", "i.state", "i.email"]);
}

/** The revocation's context read; `sessionRead` adds the session check (docs/decisions/008). */
export const readRevokeContext = (db: Db, viewerId: ViewerId, accountId: string, invitationId: string) =>
  revokeContextQuery(db, accountId, viewerId, invitationId);

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
  const query = to === "accepted" ? acceptanceQuery(tx, id, acceptedBy, sql<Date>`now()`) : closingQuery(tx, id, to);
  return query.returning(INVITATION_COLUMNS).executeTakeFirst();
}

/**
 * Two builders, one per shape, each without a branch: a precompiled builder keeps the SQL of its
 * first call (platform/fast-path/precompiled.ts). Accepting also needs the invitation unexpired at
 * `asOf`, the time accepting was decided at.
 */
function acceptanceQuery(db: Db, id: string, acceptedBy: string | null, asOf: Date | Expression<Date>) {
  return db
    .updateTable("billing_account_invitations")
    .set({ state: "accepted", accepted_by_user_id: acceptedBy, resolved_at: now(), updated_at: now() })
    .where("id", "=", id)
    .where("state", "=", PENDING)
    .where("expires_at", ">", asOf);
}

function closingQuery(db: Db, id: string, to: Exclude<InvitationRowState, "pending" | "accepted">) {
  return db
    .updateTable("billing_account_invitations")
    .set({ state: to, accepted_by_user_id: null, resolved_at: now(), updated_at: now() })
    .where("id", "=", id)
    .where("state", "=", PENDING);
}

/**
 * A5: what answering an invitation decides on, in one statement: the invitation, its account and
 * the account's version, whether it has expired by the database clock and the time of that test
 * (`read_at`: the accepting writes test expiry against it too), its inviter's address, and the
 * answering user.
 */
function answerContextQuery(db: Db, invitationId: string, userId: ViewerId | null) {
  return (
    db
      .selectFrom("billing_account_invitations as i")
      .innerJoin("billing_accounts as a", "a.id", "i.billing_account_id")
      .leftJoin("users as inviter", "inviter.id", "i.invited_by_user_id")
      // No user (the token's holder without a profile): `me.id = null` matches no row.
      .leftJoin("users as me", (join) => join.on("me.id", "=", userId as ViewerId))
      .select([
        ...INVITATION_COLUMNS.map((column) => `i.${column}` as const),
        sql<boolean>`i.expires_at <= now()`.as("expired"),
        sql<Date>`now()`.as("read_at"),
        "a.version as account_version",
        "a.company_name as account_company_name",
        "inviter.email as inviter_email",
        "me.email as user_email",
        "me.first_name as user_first_name",
        "me.last_name as user_last_name",
      ])
      .where("i.id", "=", invitationId)
  );
}

export const readAnswerContext = precompiledFirst((db: Db, invitationId: string, userId: string | null) =>
  answerContextQuery(db, invitationId, userId),
);

/** The answer's context read; `sessionRead` adds the session check (docs/decisions/008): the answering user is whoever holds the session. */
export const readAnswerContextForViewer = (db: Db, viewerId: ViewerId, invitationId: string) =>
  answerContextQuery(db, invitationId, viewerId);

/** A5: accepting, decided on the context read at `asOf`; deferred. Unexpired then, or nothing. */
export function acceptInvitationLater(db: WriteScope, id: string, acceptedBy: string, asOf: Date): Promise<void> {
  return deferWrite(db, acceptance(db, id, acceptedBy, asOf));
}

const acceptance = precompiledQuery((db: Db, id: string, acceptedBy: string, asOf: Date) =>
  acceptanceQuery(db, id, acceptedBy, asOf),
);

/** A5/A6: declining or revoking, decided on the context read; deferred. */
export function closeInvitationLater(db: WriteScope, id: string, to: "declined" | "revoked"): Promise<void> {
  return deferWrite(db, closing(db, id, to));
}

const closing = precompiledQuery((db: Db, id: string, to: "declined" | "revoked") => closingQuery(db, id, to));

/** A7: a removed manager's pending invitations (from the removal's context read) are revoked; deferred. */
export function revokeInvitations(db: WriteScope, accountId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  return deferWrite(
    db,
    db
      .updateTable("billing_account_invitations")
      .set({ state: "revoked", resolved_at: now(), updated_at: now() })
      .where("billing_account_id", "=", accountId)
      .where("id", "in", ids)
      .where("state", "=", PENDING),
  );
}

/**
 * GET /billing-accounts/:id/invitations in one round trip: whether the viewer manages the account
 * (A2) and its pending invitations (A6), with the inviter. Not whether the invited address has a
 * profile: A6 forbids telling it, and a lookup the answer does not use would still show in its timing.
 * No row: no such account; one row with a null id: no pending invitation.
 */
function pendingForViewerQuery(db: Db, accountId: string, viewerId: ViewerId) {
  return db
    .selectFrom("billing_accounts as a")
    .leftJoin("billing_account_invitations as i", (join) =>
      join.onRef("i.billing_account_id", "=", "a.id").on("i.state", "=", PENDING),
    )
    .leftJoin("users as inviter", "inviter.id", "i.invited_by_user_id")
    .select([
      managedBy(db, accountId, viewerId),
      "i.id",
      "i.email",
      "i.expires_at",
      "i.created_at",
      "i.invited_by_user_id",
      "inviter.email as inviter_email",
      "inviter.first_name as inviter_first_name",
      "inviter.last_name as inviter_last_name",
      sql<boolean>`i.expires_at <= now()`.as("expired"),
    ])
    .where("a.id", "=", accountId)
    .orderBy("i.created_at", "desc")
    .orderBy("i.id");
}

/** GET /billing-accounts/:id/invitations for whoever holds the session (`sessionRead`): one round trip (docs/decisions/007). */
export const listPendingForViewer = (db: Db, viewerId: ViewerId, accountId: string) =>
  pendingForViewerQuery(db, accountId, viewerId);

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
      "a.channel",
      "a.reseller_name",
      "inviter.email as inviter_email",
      "inviter.first_name as inviter_first_name",
      "inviter.last_name as inviter_last_name",
      sql<boolean>`i.expires_at <= now()`.as("expired"),
    ])
    .where("i.id", "=", invitationId)
    .executeTakeFirst();
}
