import { sql } from "kysely";
import type { WriteScope } from "../../platform/change/write-scope.js";
import type { Db } from "../../platform/db/client.js";
import { deferWrite } from "../../platform/db/deferred-writes.js";
import type { TokenPurpose, TokenRow } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";
import { precompiledQuery } from "../../platform/fast-path/precompiled.js";

const tokenInsert = precompiledQuery(
  (
    db: Db,
    tokenHash: string,
    purpose: TokenPurpose,
    userId: string | null,
    email: string,
    emailKey: string,
    returnTo: string | null,
    expiresAt: Date,
  ) =>
    db.insertInto("one_time_tokens").values({
      token_hash: tokenHash,
      purpose,
      user_id: userId,
      email,
      email_key: emailKey,
      return_to: returnTo,
      expires_at: expiresAt,
    }),
);

/** Deferred to the end of the change (nothing reads a new token back in the change that makes it). */
export function insertToken(
  tx: WriteScope,
  values: {
    tokenHash: string;
    purpose: TokenPurpose;
    userId: string | null;
    email: string;
    emailKey: string;
    returnTo?: string | null;
    expiresAt: Date;
  },
) {
  const { tokenHash, purpose, userId, email, emailKey, expiresAt } = values;
  return deferWrite(
    tx,
    tokenInsert(tx, tokenHash, purpose, userId, email, emailKey, values.returnTo ?? null, expiresAt),
  );
}

/**
 * I3: redeems a token at most once. The single UPDATE … WHERE used_at IS NULL is atomic, so of two
 * concurrent redemptions exactly one gets the row back.
 */
export function consumeToken(tx: Tx, tokenHash: string, purpose: TokenPurpose): Promise<TokenRow | undefined> {
  return tx
    .updateTable("one_time_tokens")
    .set({ used_at: sql`now()` as unknown as Date })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning([
      "id",
      "token_hash",
      "purpose",
      "user_id",
      "email",
      "email_key",
      "return_to",
      "expires_at",
      "used_at",
      "revoked_at",
      "created_at",
    ])
    .executeTakeFirst();
}

/** Revokes every outstanding token of a user and of the given addresses (email change, deactivation). */
export async function revokeOutstandingTokens(
  tx: Tx,
  options: { userId: string; emailKeys?: string[]; purpose?: TokenPurpose },
): Promise<void> {
  let query = tx
    .updateTable("one_time_tokens")
    .set({ revoked_at: sql`now()` as unknown as Date })
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where((eb) => {
      const keys = options.emailKeys ?? [];
      return keys.length > 0
        ? eb.or([eb("user_id", "=", options.userId), eb("email_key", "in", keys)])
        : eb("user_id", "=", options.userId);
    });
  if (options.purpose) query = query.where("purpose", "=", options.purpose);
  await query.execute();
}
