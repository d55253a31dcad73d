import { type Compilable, type Expression, sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import { precompiledFirst } from "../../platform/fast-path/precompiled.js";

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

export type LiveSessionRow = NonNullable<Awaited<ReturnType<typeof findLiveSession>>>;

/** The session check's columns, renamed so they cannot collide with a read's (`withSessionCheck`). */
export type SessionColumns = { [K in keyof LiveSessionRow as `session_${K & string}`]: LiveSessionRow[K] | null };

/** A read's row beside the session: null columns, and `read_found` null, when the read found nothing. */
export type WithSessionRow<R> = SessionColumns & { read_found: boolean | null } & { [K in keyof R]: R[K] | null };

/**
 * A read that carries its own session check, in one statement (docs/decisions/007):
 *
 * ```sql
 * select s.…, r.* from (<session check>) s
 *   left join lateral (select true as read_found, q.* from (<read>) q) r on true
 * ```
 *
 * - No row: the session is not live (401).
 * - A row with `read_found` null: the session is live and the read found nothing.
 * - Otherwise one row per row of the read, in its order (a nested loop over the one session row).
 *
 * `read` is given the session's user id as an expression: it can only run for whoever holds the
 * session. The session columns come out as `session_<column>`.
 */
export function withSessionCheck<R>(
  db: Db,
  idHash: string,
  idleCutoff: Date,
  read: (viewerId: Expression<string>) => Compilable<R> & Expression<unknown>,
): Compilable<WithSessionRow<R>> {
  const viewerId = sql.ref<string>("s.id");
  const columns = SESSION_COLUMN_NAMES.map((column) => sql`s.${sql.ref(column)} as ${sql.ref(`session_${column}`)}`);
  const query = sql<
    WithSessionRow<R>
  >`select ${sql.join(columns)}, r.* from (${liveSessionQuery(db, idHash, idleCutoff)}) s
    left join lateral (select true as read_found, q.* from (${read(viewerId)}) q) r on true`;
  return { compile: () => query.compile(db) };
}

const SESSION_COLUMN_NAMES = [
  "session_id",
  "last_seen_at",
  "id",
  "email",
  "first_name",
  "last_name",
  "email_confirmed_at",
  "pending_email",
  "staff_role",
  "has_identities",
] as const satisfies readonly (keyof LiveSessionRow)[];
/** The session check's row inside a row of `withSessionCheck` (which has one only if the session is live). */
export function sessionOf(row: SessionColumns): LiveSessionRow {
  const session: Record<string, unknown> = {};
  for (const column of SESSION_COLUMN_NAMES) session[column] = row[`session_${column}`];
  return session as LiveSessionRow;
}

// Every column of the session check is carried: a column added there must be added here.
const everySessionColumn: Exclude<keyof LiveSessionRow, (typeof SESSION_COLUMN_NAMES)[number]> extends never
  ? true
  : never = true;
void everySessionColumn;

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
