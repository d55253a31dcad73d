// I9: queries for OpenID Connect attempts and linked identities. Kysely only, explicit columns.
import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import type {
  IdentityProvider,
  OidcAttemptPurpose,
  OidcLoginAttemptRow,
  UserIdentityRow,
} from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";

type Executor = Db | Tx;

const IDENTITY_COLUMNS = ["id", "user_id", "provider", "issuer", "subject", "username", "email", "linked_at"] as const;

export async function insertAttempt(
  db: Executor,
  values: {
    keyHash: string;
    state: string;
    nonce: string;
    codeVerifier: string;
    purpose: OidcAttemptPurpose;
    returnTo: string | null;
    userId: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto("oidc_login_attempts")
    .values({
      key_hash: values.keyHash,
      state: values.state,
      nonce: values.nonce,
      code_verifier: values.codeVerifier,
      purpose: values.purpose,
      return_to: values.returnTo,
      user_id: values.userId,
      expires_at: values.expiresAt,
    })
    .execute();
}

/**
 * Single use: the one DELETE … RETURNING hands the attempt to exactly one caller, even when the
 * callback is replayed concurrently. Expired attempts are not returned.
 */
export function takeAttempt(db: Executor, keyHash: string): Promise<OidcLoginAttemptRow | undefined> {
  return db
    .deleteFrom("oidc_login_attempts")
    .where("key_hash", "=", keyHash)
    .returning([
      "id",
      "key_hash",
      "state",
      "nonce",
      "code_verifier",
      "purpose",
      "return_to",
      "user_id",
      "expires_at",
      "created_at",
    ])
    .executeTakeFirst()
    .then((row) => (row && row.expires_at.getTime() > Date.now() ? row : undefined));
}

/** Abandoned attempts: removed whenever a new one starts (indexed on expires_at). */
export async function deleteExpiredAttempts(db: Executor): Promise<void> {
  await db.deleteFrom("oidc_login_attempts").where("expires_at", "<", sql<Date>`now()`).execute();
}

export function findIdentityBySubject(
  db: Executor,
  issuer: string,
  subject: string,
): Promise<UserIdentityRow | undefined> {
  return db
    .selectFrom("user_identities")
    .select(IDENTITY_COLUMNS)
    .where("issuer", "=", issuer)
    .where("subject", "=", subject)
    .executeTakeFirst();
}

export function findIdentityOfUser(
  db: Executor,
  userId: string,
  provider: IdentityProvider,
): Promise<UserIdentityRow | undefined> {
  return db
    .selectFrom("user_identities")
    .select(IDENTITY_COLUMNS)
    .where("user_id", "=", userId)
    .where("provider", "=", provider)
    .executeTakeFirst();
}

export function listIdentitiesOfUser(db: Executor, userId: string): Promise<UserIdentityRow[]> {
  return db
    .selectFrom("user_identities")
    .select(IDENTITY_COLUMNS)
    .where("user_id", "=", userId)
    .orderBy("provider")
    .execute();
}

export type IdentityValues = {
  issuer: string;
  subject: string;
  username: string | null;
  email: string | null;
};

export function insertIdentity(
  tx: Tx,
  userId: string,
  provider: IdentityProvider,
  values: IdentityValues,
): Promise<UserIdentityRow> {
  return tx
    .insertInto("user_identities")
    .values({ user_id: userId, provider, ...values })
    .returning(IDENTITY_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** "Change linked account": the row is replaced in place (a new identity, a new linked_at). */
export function replaceIdentity(tx: Tx, id: string, values: IdentityValues): Promise<UserIdentityRow> {
  return tx
    .updateTable("user_identities")
    .set({ ...values, linked_at: sql`now()` as unknown as Date })
    .where("id", "=", id)
    .returning(IDENTITY_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Keeps the displayed username current when the person renamed their account at the provider. */
export async function refreshIdentityUsername(tx: Executor, id: string, username: string | null): Promise<void> {
  await tx.updateTable("user_identities").set({ username }).where("id", "=", id).execute();
}

export function deleteIdentity(
  tx: Tx,
  userId: string,
  provider: IdentityProvider,
): Promise<UserIdentityRow | undefined> {
  return tx
    .deleteFrom("user_identities")
    .where("user_id", "=", userId)
    .where("provider", "=", provider)
    .returning(IDENTITY_COLUMNS)
    .executeTakeFirst();
}
