// I5: server-side sessions. The cookie holds a random id; the table holds its hash.
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/client.js";
import { inTransaction, type Tx } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from "./identity.deps.js";
import {
  findLiveSession,
  insertSession,
  type LiveSessionRow,
  revokeSession,
  revokeUserSessions,
  sessionOf,
  touchSession,
  type WithSessionRow,
} from "./sessions.repository.js";

export type AuthUser = {
  id: string;
  sessionId: string;
  email: string;
  firstName: string;
  lastName: string;
  emailConfirmed: boolean;
  pendingEmail: string | null;
  staffRole: "support" | "admin" | null;
  /** At least one linked identity (I9): GET /me lists them only then. */
  hasIdentities: boolean;
};

/** Starts a new session (a new id at every sign-in) and ends the one the request came with. */
export async function startSession(
  tx: Tx,
  userId: string,
  meta: RequestMeta & { userAgent: string | null; previousSessionId: string | null },
): Promise<{ cookieValue: string; sessionId: string; expiresAt: Date }> {
  if (meta.previousSessionId) await revokeSession(tx, meta.previousSessionId);
  const cookieValue = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_MS);
  const { id } = await insertSession(tx, {
    idHash: hashToken(cookieValue),
    userId,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { cookieValue, sessionId: id, expiresAt };
}

/** What finds a live session: the hash of the cookie's id, and the last moment it may have been used (I5). */
export type SessionKey = { idHash: string; idleCutoff: Date };

/** The key for a session cookie's value, or null for a value no session can have. */
export function sessionKey(cookieValue: string | undefined): SessionKey | null {
  if (cookieValue === undefined || cookieValue.length < 20 || cookieValue.length > 100) return null;
  return { idHash: hashToken(cookieValue), idleCutoff: new Date(Date.now() - SESSION_IDLE_MS) };
}

/** The session check on every authenticated request: one indexed read, a write only every few minutes. */
export async function authenticate(db: Db, cookieValue: string): Promise<AuthUser | null> {
  const key = sessionKey(cookieValue);
  if (!key) return null;
  const row = await findLiveSession(db, key.idHash, key.idleCutoff);
  return row ? sessionUser(db, row) : null;
}

/**
 * The signed-in user of a session check's row (`authenticate`, or a read that carried the check,
 * `withSessionCheck`). Records the session's use when the last record is a few minutes old.
 */
export async function sessionUser(db: Db, row: LiveSessionRow): Promise<AuthUser> {
  if (Date.now() - row.last_seen_at.getTime() > SESSION_TOUCH_MS) await touchSession(db, row.session_id);
  return {
    id: row.id,
    sessionId: row.session_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    emailConfirmed: row.email_confirmed_at !== null,
    pendingEmail: row.pending_email,
    staffRole: row.staff_role,
    hasIdentities: Boolean(row.has_identities),
  };
}

/**
 * Runs `read`, a query that carries its session check (`withSessionCheck`), for the request's
 * session: the session's user and the read's rows; 401 without a live session.
 */
export async function sessionRead<A extends unknown[], R>(
  db: Db,
  session: SessionKey | null,
  read: (db: Db, idHash: string, idleCutoff: Date, ...args: A) => Promise<WithSessionRow<R>[]>,
  ...args: A
): Promise<{ user: AuthUser; rows: R[] }> {
  if (!session) throw notSignedIn();
  const rows = await read(db, session.idHash, session.idleCutoff, ...args);
  const first = rows[0];
  if (!first) throw notSignedIn();
  const user = await sessionUser(db, sessionOf(first));
  // The read's columns are typed nullable for the row a read that found nothing leaves.
  return { user, rows: rows.filter((row) => row.read_found) as unknown as R[] };
}

export const notSignedIn = () => new AppError("unauthenticated", "not_signed_in", "Sign in to continue.");

export async function signOut(db: Db, user: AuthUser, meta: RequestMeta): Promise<void> {
  await inTransaction(db, async (tx) => {
    await revokeSession(tx, user.sessionId);
    await recordEvent(tx, meta, { action: "auth.signed_out", subjectType: "user", subjectId: user.id });
  });
}

export async function signOutEverywhere(db: Db, user: AuthUser, meta: RequestMeta): Promise<void> {
  await inTransaction(db, async (tx) => {
    const result = await revokeUserSessions(tx, user.id);
    const count = result.reduce((n, r) => n + Number(r.numUpdatedRows), 0);
    await recordEvent(tx, meta, {
      action: "auth.signed_out_everywhere",
      subjectType: "user",
      subjectId: user.id,
      summary: { sessionsEnded: count },
    });
  });
}
