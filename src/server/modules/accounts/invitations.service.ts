// A4–A7: inviting managers by email, and accepting or declining.
import {
  type AccountInvitation,
  INVITATION_GONE_CODES,
  type InvitationPreview,
  type InvitationSent,
  type MyInvitation,
} from "../../../shared/accounts.js";
import { emailKey } from "../../../shared/email.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { BillingAccountInvitationRow } from "../../platform/db/schema.js";
import { inTransaction, type Tx } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { findUserByEmailKey, findUserById, insertUserOrGetExisting, startSession } from "../identity/index.js";
import { accountNotFound, decideAccess, lockAccountAsManager, readAccountFor } from "./access.js";
import { type AccountsDeps, INVITATION_TTL_MS, LIMITS, MAX_PENDING_INVITATIONS, type Viewer } from "./accounts.deps.js";
import { invitationAcceptedMail, invitationMail } from "./accounts.emails.js";
import { displayName } from "./accounts.mapping.js";
import { findAccount, lockAccount } from "./accounts.repository.js";
import {
  countOpenInvitations,
  findInvitation,
  findInvitationByTokenHash,
  findInvitationContext,
  findPendingForAddress,
  insertInvitation,
  listPendingForAddress,
  listPendingForViewer,
  renewInvitation,
  resolveInvitation,
} from "./invitations.repository.js";
import { findManager, insertManager, isManagerEmail } from "./managers.repository.js";

const invitationNotFound = () =>
  new AppError("not_found", "invitation_not_found", "There is no such invitation for this billing account.");

const GONE_MESSAGES = {
  expired: "This invitation has expired. Ask a manager of the account to invite you again.",
  accepted: "This invitation was already accepted.",
  declined: "This invitation was declined.",
  revoked: "This invitation was withdrawn by the account's managers.",
  invalid: "This invitation link is not valid any more. A newer invitation may have replaced it: check your email.",
} as const;

function gone(reason: keyof typeof INVITATION_GONE_CODES): AppError {
  return new AppError("gone", INVITATION_GONE_CODES[reason], GONE_MESSAGES[reason]);
}

const isExpired = (row: Pick<BillingAccountInvitationRow, "expires_at">) => row.expires_at.getTime() <= Date.now();

/** A5: expired, declined, revoked or used invitations answer 410. */
function assertActionable(row: BillingAccountInvitationRow | undefined): asserts row is BillingAccountInvitationRow {
  if (!row) throw gone("invalid");
  if (row.state !== "pending") throw gone(row.state);
  if (isExpired(row)) throw gone("expired");
}

/** A5: only the invited address — a signed-in user whose confirmed email is it (case-insensitive, I1). */
function assertInvitee(viewer: Viewer, row: BillingAccountInvitationRow): void {
  if (emailKey(viewer.email) !== row.email_key) {
    throw new AppError(
      "forbidden",
      "not_invitee",
      "This invitation was sent to another email address. Sign in as that address to answer it.",
    );
  }
  if (!viewer.emailConfirmed) {
    throw new AppError(
      "forbidden",
      "email_not_confirmed",
      "Confirm your email address first: sign in with a link sent to it.",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Managers' side: invite, list, revoke
// ---------------------------------------------------------------------------------------------

/**
 * A4: invite an address. A current manager → 409 already_manager; a pending invitation to the
 * address is renewed (new token so the old link answers 410, new expiry, email resent, still one
 * row); otherwise at most MAX_PENDING_INVITATIONS unexpired pending ones, counted under the
 * account row lock so concurrent invitations cannot overshoot. Nothing in the answer depends on
 * whether the address has a profile.
 */
export async function inviteManager(
  deps: AccountsDeps,
  viewer: Viewer,
  accountId: string,
  email: string,
  meta: RequestMeta,
): Promise<InvitationSent> {
  await readAccountFor(deps, viewer, accountId, "write");
  await deps.limiter.hit(LIMITS.invitationsPerAccount, accountId);
  await deps.limiter.hit(LIMITS.invitationsPerInviter, viewer.id);
  const key = emailKey(email);

  return inTransaction(deps.db, async (tx) => {
    const account = await lockAccountAsManager(tx, accountId, viewer.id);
    if (await isManagerEmail(tx, accountId, key)) {
      throw new AppError("conflict", "already_manager", "This person already manages this billing account.");
    }
    const existing = await findPendingForAddress(tx, accountId, key);
    if ((!existing || isExpired(existing)) && (await countOpenInvitations(tx, accountId)) >= MAX_PENDING_INVITATIONS) {
      throw new AppError(
        "conflict",
        "too_many_pending_invitations",
        `A billing account can have at most ${MAX_PENDING_INVITATIONS} pending invitations. Revoke some first.`,
        { limit: MAX_PENDING_INVITATIONS },
      );
    }
    const token = randomToken();
    const values = {
      email,
      tokenHash: hashToken(token),
      invitedBy: viewer.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    };
    const invitation = existing
      ? await renewInvitation(tx, existing.id, values)
      : await insertInvitation(tx, { ...values, accountId, emailKey: key });

    const inviter = await findManager(tx, accountId, viewer.id);
    await deps.outbox.send(
      tx,
      invitationMail(invitation.email, {
        companyName: account.company_name,
        inviterName: inviter ? displayName(inviter) : viewer.email,
        inviterEmail: inviter?.email ?? viewer.email,
        url: `${deps.config.baseUrl}/invitations/${token}`,
        expiresAt: invitation.expires_at,
      }),
    );
    await recordEvent(tx, meta, {
      action: existing ? "billing_account.invitation_renewed" : "billing_account.invitation_sent",
      subjectType: "invitation",
      subjectId: invitation.id,
      billingAccountId: accountId,
      summary: { email: invitation.email, expiresAt: invitation.expires_at.toISOString() },
    });
    return {
      id: invitation.id,
      email: invitation.email,
      expiresAt: invitation.expires_at.toISOString(),
      renewed: existing !== undefined,
    };
  });
}

/** A6: pending invitations with their state: awaiting_registration, pending or expired. */
export async function listAccountInvitations(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  accountId: string,
): Promise<AccountInvitation[]> {
  // One query after the session check: access (A2) and the list together.
  const all = await listPendingForViewer(deps.db, accountId, viewer.id);
  const first = all[0];
  if (!first) throw accountNotFound();
  decideAccess(viewer, Boolean(first.is_manager), "read");
  const rows = all.flatMap((row) =>
    row.id !== null && row.email !== null && row.expires_at !== null && row.created_at !== null
      ? [{ ...row, id: row.id, email: row.email, expires_at: row.expires_at, created_at: row.created_at }]
      : [],
  );
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    state: row.expired ? "expired" : row.has_profile ? "pending" : "awaiting_registration",
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    invitedBy:
      row.invited_by_user_id && row.inviter_email !== null
        ? {
            userId: row.invited_by_user_id,
            email: row.inviter_email,
            name: displayName({
              first_name: row.inviter_first_name ?? "",
              last_name: row.inviter_last_name ?? "",
              email: row.inviter_email,
            }),
          }
        : null,
  }));
}

/** A6: any manager revokes a pending invitation; its link then answers 410. */
export async function revokeInvitation(
  deps: AccountsDeps,
  viewer: Viewer,
  accountId: string,
  invitationId: string,
  meta: RequestMeta,
): Promise<void> {
  await readAccountFor(deps, viewer, accountId, "write");
  await inTransaction(deps.db, async (tx) => {
    await lockAccountAsManager(tx, accountId, viewer.id);
    const invitation = await findInvitation(tx, invitationId);
    if (!invitation || invitation.billing_account_id !== accountId) throw invitationNotFound();
    const revoked = await resolveInvitation(tx, invitationId, "revoked");
    if (!revoked) {
      throw new AppError("conflict", "invitation_not_pending", `This invitation was already ${invitation.state}.`);
    }
    await recordEvent(tx, meta, {
      action: "billing_account.invitation_revoked",
      subjectType: "invitation",
      subjectId: invitationId,
      billingAccountId: accountId,
      summary: { email: invitation.email },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The invitee's side
// ---------------------------------------------------------------------------------------------

function inviterOf(row: {
  inviter_email: string | null;
  inviter_first_name: string | null;
  inviter_last_name: string | null;
}) {
  if (row.inviter_email === null) return null;
  return {
    email: row.inviter_email,
    name: displayName({
      first_name: row.inviter_first_name ?? "",
      last_name: row.inviter_last_name ?? "",
      email: row.inviter_email,
    }),
  };
}

/** GET /invitations: pending invitations to the signed-in user's confirmed address. */
export async function listMyInvitations(deps: Pick<AccountsDeps, "db">, viewer: Viewer): Promise<MyInvitation[]> {
  if (!viewer.emailConfirmed) return [];
  const rows = await listPendingForAddress(deps.db, emailKey(viewer.email));
  return rows.map((row) => ({
    id: row.id,
    companyName: row.company_name,
    invitedBy: inviterOf(row),
    email: row.email,
    state: row.expired ? "expired" : "pending",
    expiresAt: row.expires_at.toISOString(),
  }));
}

/**
 * GET /invitations/token/:token: what the invitation page shows — the account's company name,
 * the inviter, the invited address, its state and whether the person must sign in first.
 */
export async function previewInvitation(
  deps: Pick<AccountsDeps, "db" | "limiter">,
  token: string,
  viewer: Viewer | null,
  meta: RequestMeta,
): Promise<InvitationPreview> {
  if (meta.ip) await deps.limiter.hit(LIMITS.invitationTokenPerIp, meta.ip);
  const row = await findInvitationByTokenHash(deps.db, hashToken(token));
  if (!row) throw gone("invalid");
  if (row.state !== "pending") throw gone(row.state);
  const context = await findInvitationContext(deps.db, row.id);
  if (!context) throw gone("invalid");
  const hasProfile = (await findUserByEmailKey(deps.db, row.email_key)) !== undefined;
  const signedInAsInvitee = viewer !== null && emailKey(viewer.email) === row.email_key && viewer.emailConfirmed;
  return {
    companyName: context.company_name,
    invitedBy: inviterOf(context),
    email: row.email,
    state: isExpired(row) ? "expired" : "pending",
    expiresAt: row.expires_at.toISOString(),
    hasProfile,
    needsSignIn: hasProfile && !signedInAsInvitee,
    signedInAsOther: viewer !== null && !signedInAsInvitee,
  };
}

/**
 * Under the account row lock (taken first, as in every change of managers), re-reads the
 * invitation: its state cannot change underneath us any more.
 */
async function lockInvitation(tx: Tx, invitation: BillingAccountInvitationRow): Promise<BillingAccountInvitationRow> {
  await lockAccount(tx, invitation.billing_account_id);
  const fresh = await findInvitation(tx, invitation.id);
  assertActionable(fresh);
  return fresh;
}

/**
 * A5: the accepting transaction's core. The atomic pending → accepted transition and the unique
 * (account, user) membership mean a double or concurrent accept makes one membership; the
 * inviter is emailed.
 */
async function completeAcceptance(
  deps: AccountsDeps,
  tx: Tx,
  invitation: BillingAccountInvitationRow,
  user: { id: string; email: string; first_name: string; last_name: string },
  meta: RequestMeta,
): Promise<void> {
  const accepted = await resolveInvitation(tx, invitation.id, "accepted", user.id);
  if (!accepted) throw gone(isExpired(invitation) ? "expired" : "accepted");
  await insertManager(tx, {
    accountId: invitation.billing_account_id,
    userId: user.id,
    source: "invitation",
    invitationId: invitation.id,
  });
  const account = await findAccount(tx, invitation.billing_account_id);
  if (!account) throw gone("invalid");
  if (invitation.invited_by_user_id) {
    const inviter = await findUserById(tx, invitation.invited_by_user_id);
    if (inviter) {
      await deps.outbox.send(
        tx,
        invitationAcceptedMail(inviter.email, {
          companyName: account.company_name,
          managerName: displayName(user),
          managerEmail: user.email,
          accountUrl: `${deps.config.baseUrl}/billing-accounts/${account.id}`,
        }),
      );
    }
  }
  await recordEvent(
    tx,
    { ...meta, actor: { type: "user", id: user.id } },
    {
      action: "billing_account.invitation_accepted",
      subjectType: "invitation",
      subjectId: invitation.id,
      billingAccountId: invitation.billing_account_id,
      summary: { manager: { userId: user.id, email: user.email }, invitedBy: invitation.invited_by_user_id },
    },
  );
}

async function completeDecline(tx: Tx, invitation: BillingAccountInvitationRow, meta: RequestMeta): Promise<void> {
  const declined = await resolveInvitation(tx, invitation.id, "declined");
  if (!declined) throw gone(invitation.state === "pending" ? "accepted" : invitation.state);
  await recordEvent(tx, meta, {
    action: "billing_account.invitation_declined",
    subjectType: "invitation",
    subjectId: invitation.id,
    billingAccountId: invitation.billing_account_id,
    summary: { email: invitation.email },
  });
}

/** POST /invitations/:id/accept — the signed-in invitee (A5). */
export async function acceptInvitationById(
  deps: AccountsDeps,
  viewer: Viewer,
  invitationId: string,
  meta: RequestMeta,
): Promise<{ billingAccountId: string }> {
  const row = await findInvitation(deps.db, invitationId);
  if (!row) throw invitationNotFound();
  assertInvitee(viewer, row);
  await inTransaction(deps.db, async (tx) => {
    const invitation = await lockInvitation(tx, row);
    const user = await findUserById(tx, viewer.id);
    if (!user) throw accountNotFound();
    await completeAcceptance(deps, tx, invitation, user, meta);
  });
  return { billingAccountId: row.billing_account_id };
}

/** POST /invitations/:id/decline — the signed-in invitee (A5). */
export async function declineInvitationById(
  deps: AccountsDeps,
  viewer: Viewer,
  invitationId: string,
  meta: RequestMeta,
): Promise<void> {
  const row = await findInvitation(deps.db, invitationId);
  if (!row) throw invitationNotFound();
  assertInvitee(viewer, row);
  await inTransaction(deps.db, async (tx) => {
    const invitation = await lockInvitation(tx, row);
    await completeDecline(tx, invitation, meta);
  });
}

export type TokenAcceptResult = {
  billingAccountId: string;
  /** Set when accepting created the profile: the caller sets the session cookie. */
  session: { cookieValue: string; expiresAt: Date } | null;
};

const signInRequired = () =>
  new AppError(
    "unauthenticated",
    "sign_in_required",
    "This address has a Billfold profile. Sign in as it, then accept the invitation.",
  );

/**
 * POST /invitations/accept {token} (A4, A5). Signed in as the invited address: accept. Signed in
 * as someone else: 403 not_invitee. Not signed in: if the address has a profile, sign in first
 * (401); if it has none, the token proves the address, so in one transaction the profile is
 * created with a confirmed email, a session starts and the person becomes a manager.
 */
export async function acceptInvitationByToken(
  deps: AccountsDeps,
  token: string,
  viewer: Viewer | null,
  meta: RequestMeta & { userAgent: string | null; previousSessionId: string | null },
): Promise<TokenAcceptResult> {
  if (meta.ip) await deps.limiter.hit(LIMITS.invitationTokenPerIp, meta.ip);
  const row = await findInvitationByTokenHash(deps.db, hashToken(token));
  if (!row) throw gone("invalid");
  if (viewer) {
    assertInvitee(viewer, row);
    await inTransaction(deps.db, async (tx) => {
      const invitation = await lockInvitation(tx, row);
      const user = await findUserById(tx, viewer.id);
      if (!user) throw accountNotFound();
      await completeAcceptance(deps, tx, invitation, user, meta);
    });
    return { billingAccountId: row.billing_account_id, session: null };
  }
  assertActionable(row);
  if (await findUserByEmailKey(deps.db, row.email_key)) throw signInRequired();
  return inTransaction(deps.db, async (tx) => {
    const invitation = await lockInvitation(tx, row);
    const { user, created } = await insertUserOrGetExisting(tx, {
      email: invitation.email,
      emailKey: invitation.email_key,
      emailConfirmedAt: new Date(),
    });
    // Someone created the profile a moment ago (a sign-in link, say): it must sign in first.
    if (!created) throw signInRequired();
    const userMeta: RequestMeta = { ...meta, actor: { type: "user", id: user.id } };
    await recordEvent(tx, userMeta, {
      action: "auth.signed_up",
      subjectType: "user",
      subjectId: user.id,
      summary: { method: "invitation", invitationId: invitation.id },
    });
    await completeAcceptance(deps, tx, invitation, user, userMeta);
    const session = await startSession(tx, user.id, meta);
    return {
      billingAccountId: invitation.billing_account_id,
      session: { cookieValue: session.cookieValue, expiresAt: session.expiresAt },
    };
  });
}

/**
 * POST /invitations/decline {token} (A5): the signed-in invitee, or — for an address with no
 * profile — the holder of the emailed token.
 */
export async function declineInvitationByToken(
  deps: AccountsDeps,
  token: string,
  viewer: Viewer | null,
  meta: RequestMeta,
): Promise<void> {
  if (meta.ip) await deps.limiter.hit(LIMITS.invitationTokenPerIp, meta.ip);
  const row = await findInvitationByTokenHash(deps.db, hashToken(token));
  if (!row) throw gone("invalid");
  if (viewer) {
    assertInvitee(viewer, row);
  } else {
    assertActionable(row);
    if (await findUserByEmailKey(deps.db, row.email_key)) throw signInRequired();
  }
  await inTransaction(deps.db, async (tx) => {
    const invitation = await lockInvitation(tx, row);
    await completeDecline(tx, invitation, meta);
  });
}
