// GET/PATCH /me and the email change (I7): the new address stays pending until confirmed through a
// 24-hour single-use link sent to it; the old address is told; confirming revokes other sessions
// and outstanding links.
import { emailKey } from "../../../shared/email.js";
import type { Me, UpdateMe } from "../../../shared/identity.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { UserRow } from "../../platform/db/schema.js";
import { inTransaction, pgErrorCode, type Tx } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { type IdentityDeps, LIMITS, LINK_TTL_MS } from "./identity.deps.js";
import { confirmEmailMail, emailChangedMail, emailChangeRequestedMail } from "./identity.emails.js";
import { revokeUserSessions } from "./sessions.repository.js";
import { type AuthUser, notSignedIn } from "./sessions.service.js";
import { consumeToken, insertToken, revokeOutstandingTokens } from "./tokens.repository.js";
import { findUserById, lockUser, updateUser } from "./users.repository.js";

export type IdentityLister = (userId: string) => Promise<Me["identities"]>;

export function toMe(user: UserRow, identities: Me["identities"]): Me {
  return {
    id: user.id,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    emailConfirmed: user.email_confirmed_at !== null,
    pendingEmail: user.pending_email,
    identities,
    isStaff: user.staff_role !== null,
  };
}

/** GET /me from the session check's row: no second read of the user (the session check just read it). */
export function toMeFromAuth(auth: AuthUser, identities: Me["identities"]): Me {
  return {
    id: auth.id,
    email: auth.email,
    firstName: auth.firstName,
    lastName: auth.lastName,
    emailConfirmed: auth.emailConfirmed,
    pendingEmail: auth.pendingEmail,
    identities,
    isStaff: auth.staffRole !== null,
  };
}

export async function getUserOrThrow(deps: IdentityDeps, userId: string): Promise<UserRow> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notSignedIn();
  return user;
}

export async function updateProfile(deps: IdentityDeps, userId: string, patch: UpdateMe, meta: RequestMeta) {
  return inTransaction(deps.db, async (tx) => {
    const before = await lockUser(tx, userId);
    if (!before) throw notSignedIn();
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    let user = before;

    if (patch.firstName !== undefined && patch.firstName !== before.first_name) {
      changes.firstName = { from: before.first_name, to: patch.firstName };
    }
    if (patch.lastName !== undefined && patch.lastName !== before.last_name) {
      changes.lastName = { from: before.last_name, to: patch.lastName };
    }
    if (changes.firstName || changes.lastName) {
      user =
        (await updateUser(tx, userId, {
          ...(patch.firstName !== undefined ? { first_name: patch.firstName } : {}),
          ...(patch.lastName !== undefined ? { last_name: patch.lastName } : {}),
        })) ?? user;
    }

    if (patch.email !== undefined) {
      const newKey = emailKey(patch.email);
      if (newKey === before.email_key) {
        // Back to the current address: cancel a pending change.
        if (before.pending_email) {
          user = await dropPendingEmail(tx, before);
          changes.pendingEmail = { from: before.pending_email, to: null };
        }
      } else if (newKey !== before.pending_email_key) {
        await deps.limiter.hit(LIMITS.emailChangePerUser, userId);
        user = (await updateUser(tx, userId, { pending_email: patch.email, pending_email_key: newKey })) ?? user;
        await sendConfirmation(deps, tx, user);
        await deps.outbox.send(tx, emailChangeRequestedMail(before.email, patch.email));
        changes.pendingEmail = { from: before.pending_email, to: patch.email };
      }
    }

    if (Object.keys(changes).length > 0) {
      await recordEvent(tx, meta, {
        action: "profile.updated",
        subjectType: "user",
        subjectId: userId,
        summary: changes,
      });
    }
    return user;
  });
}

/** I7: the pending address is forgotten and its confirmation link stops working. */
async function dropPendingEmail(tx: Tx, user: UserRow): Promise<UserRow> {
  const updated = await updateUser(tx, user.id, { pending_email: null, pending_email_key: null });
  await revokeOutstandingTokens(tx, { userId: user.id, purpose: "email_confirm" });
  return updated ?? user;
}

/** DELETE /me/email/pending: cancels a requested email change; the current address stays. */
export async function cancelEmailChange(deps: IdentityDeps, userId: string, meta: RequestMeta): Promise<UserRow> {
  return inTransaction(deps.db, async (tx) => {
    const before = await lockUser(tx, userId);
    if (!before) throw notSignedIn();
    if (!before.pending_email) {
      throw new AppError("conflict", "no_pending_email", "There is no email change to cancel.");
    }
    const user = await dropPendingEmail(tx, before);
    await recordEvent(tx, meta, {
      action: "profile.email_change_cancelled",
      subjectType: "user",
      subjectId: userId,
      summary: { pendingEmail: before.pending_email },
    });
    return user;
  });
}

async function sendConfirmation(deps: IdentityDeps, tx: Tx, user: UserRow): Promise<void> {
  if (!user.pending_email || !user.pending_email_key) return;
  // One live confirmation link at a time: a resend kills the previous one.
  await revokeOutstandingTokens(tx, { userId: user.id, purpose: "email_confirm" });
  const token = randomToken();
  await insertToken(tx, {
    tokenHash: hashToken(token),
    purpose: "email_confirm",
    userId: user.id,
    email: user.pending_email,
    emailKey: user.pending_email_key,
    expiresAt: new Date(Date.now() + LINK_TTL_MS),
  });
  // The person is waiting for this link in the other mailbox: urgent (issue 12).
  await deps.outbox.send(tx, confirmEmailMail(user.pending_email, `${deps.config.baseUrl}/confirm-email/${token}`), {
    urgent: true,
  });
}

export async function resendEmailConfirmation(deps: IdentityDeps, userId: string, meta: RequestMeta): Promise<void> {
  await deps.limiter.hit(LIMITS.emailChangePerUser, userId);
  await inTransaction(deps.db, async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user?.pending_email)
      throw new AppError("conflict", "no_pending_email", "There is no email change to confirm.");
    await sendConfirmation(deps, tx, user);
    await recordEvent(tx, meta, {
      action: "profile.email_confirmation_resent",
      subjectType: "user",
      subjectId: userId,
    });
  });
}

/** I7: the token alone proves the new address; other sessions and outstanding links are revoked. */
export async function confirmEmailChange(
  deps: IdentityDeps,
  token: string,
  meta: RequestMeta & { currentSessionId: string | null },
): Promise<UserRow> {
  try {
    return await inTransaction(deps.db, async (tx) => {
      const row = await consumeToken(tx, hashToken(token), "email_confirm");
      if (!row?.user_id)
        throw new AppError("gone", "link_expired", "This confirmation link has expired or was already used.");
      const before = await lockUser(tx, row.user_id);
      if (!before || before.pending_email_key !== row.email_key) {
        throw new AppError("gone", "link_expired", "This confirmation link has expired or was already used.");
      }
      const user = await updateUser(tx, before.id, {
        email: row.email,
        email_key: row.email_key,
        email_confirmed_at: new Date(),
        pending_email: null,
        pending_email_key: null,
      });
      if (!user) throw new AppError("gone", "link_expired", "This confirmation link has expired or was already used.");
      // The current session survives only if it belongs to this user.
      await revokeUserSessions(tx, user.id, meta.currentSessionId);
      await revokeOutstandingTokens(tx, { userId: user.id, emailKeys: [before.email_key, row.email_key] });
      await deps.outbox.send(tx, emailChangedMail(before.email, user.email));
      await recordEvent(
        tx,
        { ...meta, actor: meta.actor.id ? meta.actor : { type: "user", id: user.id } },
        {
          action: "profile.email_changed",
          subjectType: "user",
          subjectId: user.id,
          summary: { from: before.email, to: user.email },
        },
      );
      return user;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") {
      throw new AppError("conflict", "email_taken", "Another profile uses this address; the change was not made.");
    }
    throw error;
  }
}
