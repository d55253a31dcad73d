// I5: server-side sessions. The cookie holds a random id; the table holds its hash.
import type { Compilable, Expression } from "kysely";
import { change } from "../../platform/change/change.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import { notSignedIn } from "../../platform/errors.js";
import { type Arg, precompiled } from "../../platform/fast-path/precompiled.js";
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
  withSessionCheck,
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
type SessionKey = { idHash: string; idleCutoff: Date };

/** The session cookie's value as the request carried it (app/request-meta.ts `requestSession`). */
export type SessionCookie = string | undefined;

/** The key for a session cookie's value, or null for a value no session can have. */
function sessionKey(cookieValue: SessionCookie): SessionKey | null {
  if (cookieValue === undefined || cookieValue.length < 20 || cookieValue.length > 100) return null;
  return { idHash: hashToken(cookieValue), idleCutoff: new Date(Date.now() - SESSION_IDLE_MS) };
}

/** The session check on every authenticated request: one indexed read, a write only every few minutes. */
export async function authenticate(db: Db, cookieValue: SessionCookie): Promise<AuthUser | null> {
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
 * A repository's read for whoever holds the session: it gets the session's user id as an
 * expression, so it can only ever run for that user. Its SQL must not branch on its arguments
 * (it is precompiled, platform/fast-path/precompiled.ts).
 */
export type ReadForViewer<A extends Arg[], R> = (
  db: Db,
  viewerId: Expression<string>,
  ...args: A
) => Compilable<R> & Expression<unknown>;

type CheckedRead = (db: Db, idHash: string, idleCutoff: Date, ...args: Arg[]) => Promise<WithSessionRow<unknown>[]>;
const checkedReads = new WeakMap<object, CheckedRead>();

/**
 * The session check carried by a read, in one statement (fast path, docs/decisions/007 and 008):
 * runs `read` for the session the cookie names and returns the session's user and the read's
 * rows; 401 without a live session. Identity builds the SQL; the caller only names its read.
 */
export async function sessionRead<A extends Arg[], R>(
  db: Db,
  cookie: SessionCookie,
  read: ReadForViewer<A, R>,
  ...args: A
): Promise<{ user: AuthUser; rows: R[] }> {
  const session = sessionKey(cookie);
  if (!session) throw notSignedIn();
  let checked = checkedReads.get(read);
  if (!checked) {
    checked = precompiled((db: Db, idHash: string, idleCutoff: Date, ...rest: Arg[]) =>
      withSessionCheck(db, idHash, idleCutoff, (viewerId) => read(db, viewerId, ...(rest as A))),
    ) as CheckedRead;
    checkedReads.set(read, checked);
  }
  const rows = (await checked(db, session.idHash, session.idleCutoff, ...args)) as WithSessionRow<R>[];
  const first = rows[0];
  if (!first) throw notSignedIn();
  const user = await sessionUser(db, sessionOf(first));
  // The read's columns are typed nullable for the row a read that found nothing leaves.
  return { user, rows: rows.filter((row) => row.read_found) as unknown as R[] };
}

export async function signOut(db: Db, user: AuthUser, meta: RequestMeta): Promise<void> {
  await change(db, {
    lock: null, // revoking one's own session twice changes nothing the second time
    decide: async (tx) => {
      await revokeSession(tx, user.sessionId);
      await recordEvent(tx, meta, { action: "auth.signed_out", subjectType: "user", subjectId: user.id });
    },
  });
}

export async function signOutEverywhere(db: Db, user: AuthUser, meta: RequestMeta): Promise<void> {
  await change(db, {
    lock: null, // the update takes the rows it revokes
    decide: async (tx) => {
      const result = await revokeUserSessions(tx, user.id);
      const count = result.reduce((n, r) => n + Number(r.numUpdatedRows), 0);
      await recordEvent(tx, meta, {
        action: "auth.signed_out_everywhere",
        subjectType: "user",
        subjectId: user.id,
        summary: { sessionsEnded: count },
      });
    },
  });
}
