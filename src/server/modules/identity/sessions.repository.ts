import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import { precompiledFirst } from "../../platform/db/precompiled.js";
import type { Tx } from "../../platform/db/transaction.js";

export function insertSession(
  tx: Tx,
  values: { idHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  return tx
    .insertInto("sessions")
    .values({
      id_hash: values.idHash,
      user_id: values.userId,
      expires_at: values.expiresAt,
      last_seen_at: new Date(),
      ip: values.ip,
      user_agent: values.userAgent,
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/**
 * The session check: one indexed query returning the session and its user, or nothing. It also
 * says whether the user has linked identities, so GET /me answers from this row alone for the
 * many users who have none (docs/decisions/003-performance.md).
 */
function liveSessionQuery(db: Db, idHash: string, idleCutoff: Date) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select((eb) => [
      "sessions.id as session_id",
      "sessions.last_seen_at",
      "users.id",
      "users.email",
      "users.first_name",
      "users.last_name",
      "users.email_confirmed_at",
      "users.pending_email",
      "users.staff_role",
      eb
        .exists(
          eb
            .selectFrom("user_identities")
            .select("user_identities.id")
            .whereRef("user_identities.user_id", "=", "users.id"),
        )
        .as("has_identities"),
    ])
    .where("sessions.id_hash", "=", idHash)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .where("sessions.last_seen_at", ">", idleCutoff)
    .where("users.login_activated", "=", true);
}

// The session check runs on every authenticated request: its SQL is built once.
export const findLiveSession = precompiledFirst(liveSessionQuery);

export function touchSession(db: Db, sessionId: string) {
  return db
    .updateTable("sessions")
    .set({ last_seen_at: sql`now()` as unknown as Date })
    .where("id", "=", sessionId)
    .execute();
}

export function revokeSession(tx: Tx | Db, sessionId: string) {
  return tx
    .updateTable("sessions")
    .set({ revoked_at: sql`now()` as unknown as Date })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
}

/** Revokes every live session of the user except `keepSessionId` (when given). */
export function revokeUserSessions(tx: Tx | Db, userId: string, keepSessionId: string | null = null) {
  let query = tx
    .updateTable("sessions")
    .set({ revoked_at: sql`now()` as unknown as Date })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (keepSessionId) query = query.where("id", "!=", keepSessionId);
  return query.execute();
}
