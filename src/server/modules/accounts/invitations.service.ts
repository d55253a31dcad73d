// A4–A7: inviting managers by email, and accepting or declining.

import { randomUUID } from "node:crypto";
import {
  type AccountInvitation,
  INVITATION_GONE_CODES,
  type InvitationPreview,
  type InvitationSent,
  type MyInvitation,
} from "../../../shared/accounts.js";
import { emailKey } from "../../../shared/email.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { loginNotActivatedText } from "../../../shared/identity.js";
import { change } from "../../platform/change/change.js";
import type { WriteScope } from "../../platform/change/write-scope.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/client.js";
import type { BillingAccountInvitationRow } from "../../platform/db/schema.js";
import { AppError } from "../../platform/errors.js";
import { changeOptimistically } from "../../platform/fast-path/optimistic-change.js";
import { asUser, type RequestMeta, type RequestOrigin, recordEvent } from "../audit/index.js";
import {
  findUserByEmailKey,
  insertUserOrGetExisting,
  type SessionCookie,
  sessionRead,
  startSession,
} from "../identity/index.js";
import { accountNotFound, decideAccess } from "./access.js";
import { type AccountsDeps, INVITATION_TTL_MS, LIMITS, MAX_PENDING_INVITATIONS, type Viewer } from "./accounts.deps.js";
import { invitationAcceptedMail, invitationMail } from "./accounts.emails.js";
import { displayName } from "./accounts.mapping.js";
import {
  accountVersionGuard,
  lockAccount,
  lockAccountOfInvitation,
  moveAccountVersionLater,
} from "./accounts.repository.js";
import {
  acceptInvitationLater,
  closeInvitationLater,
  findInvitationByTokenHash,
  findInvitationContext,
  insertInvitationLater,
  listPendingForAddress,
  listPendingForViewer,
  readAnswerContext,
  readAnswerContextForViewer,
  readInviteContext,
  readRevokeContext,
  renewInvitationLater,
} from "./invitations.repository.js";
import { insertManagerFromInvitation } from "./managers.repository.js";

const invitationNotFound = () =>
  new AppError("not_found", ERROR_CODES.invitationNotFound, "There is no such invitation for this billing account.");

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
      ERROR_CODES.notInvitee,
      "This invitation was sent to another email address. Sign in as that address to answer it.",
    );
  }
  if (!viewer.emailConfirmed) {
    throw new AppError(
      "forbidden",
      ERROR_CODES.emailNotConfirmed,
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
 * row); otherwise at most MAX_PENDING_INVITATIONS unexpired pending ones, counted in the read the
 * version guard protects, so concurrent invitations cannot overshoot. Nothing in the answer depends
 * on whether the address has a profile.
 */
export async function inviteManager(
  deps: AccountsDeps,
  session: SessionCookie,
  accountId: string,
  email: string,
  origin: RequestOrigin,
): Promise<InvitationSent> {
  const key = emailKey(email);
  // The fast path (platform/fast-path/README.md): one statement reads everything, the session
  // check included (docs/decisions/005, 008); the writes below happen only if nothing it read has
  // changed since: a removal (A7), another invitation (the limit).
  return changeOptimistically(deps.db, {
    lock: (tx) => lockAccount(tx, accountId),
    read: async (db) => {
      const { user: viewer, rows } = await sessionRead(db, session, readInviteContext, accountId, key);
      const context = rows[0];
      if (!context) throw accountNotFound();
      return { viewer, context };
    },
    // Counted once per request, and only for its managers: outsiders cannot use up the limit.
    once: async ({ viewer, context }) => {
      if (!context.is_manager) return;
      await deps.limiter.hit(LIMITS.invitationsPerAccount, accountId);
      await deps.limiter.hit(LIMITS.invitationsPerInviter, viewer.id);
    },
    guard: (db, { context }) => accountVersionGuard(db, accountId, context.version),
    decide: async (db, { viewer, context }) => {
      const meta = asUser(origin, viewer.id);
      decideAccess(viewer, context.is_manager, "write");
      if (context.already_manager) {
        throw new AppError("conflict", ERROR_CODES.alreadyManager, "This person already manages this billing account.");
      }
      const existingId = context.pending_id;
      const existingExpired =
        context.pending_expires_at !== null && isExpired({ expires_at: context.pending_expires_at });
      if ((!existingId || existingExpired) && Number(context.open_count) >= MAX_PENDING_INVITATIONS) {
        throw new AppError(
          "conflict",
          ERROR_CODES.tooManyPendingInvitations,
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
      // Deferred, with the mail and the event: one guarded statement.
      const id = existingId ?? randomUUID();
      if (existingId) await renewInvitationLater(db, existingId, values);
      else await insertInvitationLater(db, { ...values, id, accountId, emailKey: key });

      await deps.outbox.send(
        db,
        invitationMail(email, {
          companyName: context.company_name,
          inviterName: displayName(context),
          inviterEmail: context.email,
          url: `${deps.config.baseUrl}/invitations/${token}`,
          expiresAt: values.expiresAt,
        }),
      );
      await recordEvent(db, meta, {
        action: existingId ? "billing_account.invitation_renewed" : "billing_account.invitation_sent",
        subjectType: "invitation",
        subjectId: id,
        billingAccountId: accountId,
        summary: { email, expiresAt: values.expiresAt.toISOString() },
      });
      return { id, email, expiresAt: values.expiresAt.toISOString(), renewed: existingId !== null };
    },
  });
}

/**
 * A6: pending invitations with their state, `pending` or `expired`. Nothing here depends on
 * whether the invited address has a profile (the read does not even look), so neither the answer
 * nor its timing lets a manager test addresses (I2).
 */
export async function listAccountInvitations(
  deps: Pick<AccountsDeps, "db">,
  session: SessionCookie,
  accountId: string,
): Promise<AccountInvitation[]> {
  // One query: the session check (401), access (A2) and the list together (docs/decisions/007).
  const { user: viewer, rows: all } = await sessionRead(deps.db, session, listPendingForViewer, accountId);
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
    state: row.expired ? "expired" : "pending",
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
  session: SessionCookie,
  accountId: string,
  invitationId: string,
  origin: RequestOrigin,
): Promise<void> {
  await changeOptimistically(deps.db, {
    lock: (tx) => lockAccount(tx, accountId),
    // The session check comes with the context read (docs/decisions/008).
    read: async (db) => {
      const { user: viewer, rows } = await sessionRead(db, session, readRevokeContext, accountId, invitationId);
      const context = rows[0];
      if (!context) throw accountNotFound();
      return { viewer, context };
    },
    // Every change of the state moves the account's version: if it changed since this read, the
    // guarded writes do not happen and this is decided again.
    guard: (db, { context }) => accountVersionGuard(db, accountId, context.version),
    decide: async (db, { viewer, context }) => {
      const meta = asUser(origin, viewer.id);
      decideAccess(viewer, context.is_manager, "write");
      if (!context.id || !context.state || context.email === null) throw invitationNotFound();
      if (context.state !== "pending") {
        throw new AppError(
          "conflict",
          ERROR_CODES.invitationNotPending,
          `This invitation was already ${context.state}.`,
        );
      }
      await closeInvitationLater(db, invitationId, "revoked");
      await recordEvent(db, meta, {
        action: "billing_account.invitation_revoked",
        subjectType: "invitation",
        subjectId: invitationId,
        billingAccountId: accountId,
        summary: { email: context.email },
      });
    },
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
  deps: Pick<AccountsDeps, "db" | "limiter" | "config">,
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
  // R2: the same rule acceptInvitationByToken applies, told before the person accepts.
  const resellerName = loginDeactivatedOnCreation(deps, context);
  return {
    ...(!hasProfile && resellerName !== null ? { loginNotActivatedOnAccept: { resellerName } } : {}),
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

type InvitationToAnswer = {
  account: { id: string; company_name: string; version: number };
  invitation: BillingAccountInvitationRow;
  inviterEmail: string | null;
  /** When the invitation was found unexpired: accepting tests expiry against this time too. */
  readAt: Date;
  /** The answering user, as stored (null when not signed in). */
  user: { id: string; email: string; first_name: string; last_name: string } | null;
};

/**
 * Reads the invitation as it is now, with its account's version (the answer's writes are guarded
 * by it: if the invitation is answered or revoked in between, they do not happen, A5).
 * 404 for no such invitation, 403 for someone else's (A5), 410 for one that cannot be answered.
 */
async function readInvitationToAnswer(
  db: Db,
  invitationId: string,
  viewer: Viewer | null,
): Promise<InvitationToAnswer> {
  return decideAnswer(await readAnswerContext(db, invitationId, viewer?.id ?? null), viewer);
}

/** `readInvitationToAnswer` for whoever holds the session, found by the same statement (docs/decisions/008). */
async function readInvitationToAnswerAs(
  db: Db,
  invitationId: string,
  session: SessionCookie,
): Promise<{ viewer: Viewer; answering: InvitationToAnswer }> {
  const {
    user: viewer,
    rows: [row],
  } = await sessionRead(db, session, readAnswerContextForViewer, invitationId);
  return { viewer, answering: decideAnswer(row, viewer) };
}

function decideAnswer(row: Awaited<ReturnType<typeof readAnswerContext>>, viewer: Viewer | null): InvitationToAnswer {
  if (!row) throw invitationNotFound();
  const {
    expired,
    read_at,
    account_version,
    account_company_name,
    inviter_email,
    user_email,
    user_first_name,
    user_last_name,
    ...invitation
  } = row;
  if (viewer) assertInvitee(viewer, invitation);
  if (invitation.state !== "pending") throw gone(invitation.state);
  // The database's clock, as the accepting writes use it.
  if (expired) throw gone("expired");
  const user =
    viewer && user_email !== null
      ? { id: viewer.id, email: user_email, first_name: user_first_name ?? "", last_name: user_last_name ?? "" }
      : null;
  return {
    account: { id: invitation.billing_account_id, company_name: account_company_name, version: account_version },
    invitation,
    inviterEmail: inviter_email,
    readAt: read_at,
    user,
  };
}

/**
 * A5: answering an invitation is a change of its account, found through the invitation: on the
 * fast path, guarded by the account's version that `read` found.
 */
function answerInvitation<C extends { answering: InvitationToAnswer }, T>(
  db: Db,
  invitationId: string,
  read: (db: Db) => Promise<C>,
  decide: (scope: WriteScope, context: C) => Promise<T>,
): Promise<T> {
  return changeOptimistically(db, {
    lock: (tx) => lockAccountOfInvitation(tx, invitationId),
    read,
    guard: (db, { answering }) => accountVersionGuard(db, answering.account.id, answering.account.version),
    decide,
  });
}

/**
 * A5: accepting, deferred to one statement: the pending → accepted transition and the
 * membership (both only if the invitation is still acceptable, in the same snapshot), the
 * inviter's email and the event. The unique (account, user) membership means a double or
 * concurrent accept makes one membership.
 */
async function completeAcceptance(
  deps: AccountsDeps,
  scope: WriteScope,
  answering: InvitationToAnswer,
  user: { id: string; email: string; first_name: string; last_name: string },
  origin: RequestOrigin,
): Promise<void> {
  const { invitation, account, readAt } = answering;
  await acceptInvitationLater(scope, invitation.id, user.id, readAt);
  await insertManagerFromInvitation(scope, invitation.id, user.id, readAt);
  if (answering.inviterEmail) {
    await deps.outbox.send(
      scope,
      invitationAcceptedMail(answering.inviterEmail, {
        companyName: account.company_name,
        managerName: displayName(user),
        managerEmail: user.email,
        accountUrl: `${deps.config.baseUrl}/billing-accounts/${account.id}`,
      }),
    );
  }
  await recordEvent(scope, asUser(origin, user.id), {
    action: "billing_account.invitation_accepted",
    subjectType: "invitation",
    subjectId: invitation.id,
    billingAccountId: invitation.billing_account_id,
    summary: { manager: { userId: user.id, email: user.email }, invitedBy: invitation.invited_by_user_id },
  });
}

async function completeDecline(
  scope: WriteScope,
  invitation: BillingAccountInvitationRow,
  meta: RequestMeta,
): Promise<void> {
  await closeInvitationLater(scope, invitation.id, "declined");
  await recordEvent(scope, meta, {
    action: "billing_account.invitation_declined",
    subjectType: "invitation",
    subjectId: invitation.id,
    billingAccountId: invitation.billing_account_id,
    summary: { email: invitation.email },
  });
}

/** The signed-in invitee accepts: one read (`read`, which finds the invitee too), one guarded write. */
async function acceptAsInvitee(
  deps: AccountsDeps,
  invitationId: string,
  read: (db: Db) => Promise<InvitationToAnswer>,
  origin: RequestOrigin,
): Promise<{ billingAccountId: string }> {
  return answerInvitation(
    deps.db,
    invitationId,
    async (db) => ({ answering: await read(db) }),
    async (scope, { answering }) => {
      if (!answering.user) throw accountNotFound();
      await completeAcceptance(deps, scope, answering, answering.user, origin);
      return { billingAccountId: answering.account.id };
    },
  );
}

/** POST /invitations/:id/accept — the signed-in invitee (A5); one read, the session check included. */
export async function acceptInvitationById(
  deps: AccountsDeps,
  session: SessionCookie,
  invitationId: string,
  origin: RequestOrigin,
): Promise<{ billingAccountId: string }> {
  return acceptAsInvitee(
    deps,
    invitationId,
    async (db) => (await readInvitationToAnswerAs(db, invitationId, session)).answering,
    origin,
  );
}

/** POST /invitations/:id/decline — the signed-in invitee (A5); one read, the session check included. */
export async function declineInvitationById(
  deps: AccountsDeps,
  session: SessionCookie,
  invitationId: string,
  origin: RequestOrigin,
): Promise<void> {
  await answerInvitation(
    deps.db,
    invitationId,
    (db) => readInvitationToAnswerAs(db, invitationId, session),
    (scope, { viewer, answering }) => completeDecline(scope, answering.invitation, asUser(origin, viewer.id)),
  );
}

/**
 * R2: under RESELLER_CUSTOMER_LOGIN=disabled a profile created by accepting an invitation to a
 * reseller account (its only account) gets login deactivated: the reseller's name, else null.
 */
function loginDeactivatedOnCreation(
  deps: Pick<AccountsDeps, "config">,
  account: { channel: "direct" | "reseller"; reseller_name: string | null },
): string | null {
  if (deps.config.resellerCustomerLogin !== "disabled" || account.channel !== "reseller") return null;
  // A reseller account always names its reseller (billing_accounts_reseller_named).
  return account.reseller_name ?? "";
}

export type TokenAcceptResult = {
  billingAccountId: string;
  /** Set when accepting created the profile and signed the person in: the caller sets the session cookie. */
  session: { cookieValue: string; expiresAt: Date } | null;
  /**
   * Set when accepting created the profile with login deactivated (R2: a reseller customer under
   * RESELLER_CUSTOMER_LOGIN=disabled): the person is a manager but not signed in, and is told why.
   */
  loginNotActivated: { resellerName: string; message: string } | null;
};

const signInRequired = () =>
  new AppError(
    "unauthenticated",
    ERROR_CODES.signInRequired,
    "This address has a Billfold profile. Sign in as it, then accept the invitation.",
  );

/**
 * POST /invitations/accept {token} (A4, A5). Signed in as the invited address: accept. Signed in
 * as someone else: 403 not_invitee. Not signed in: if the address has a profile, sign in first
 * (401); if it has none, the token proves the address, so in one transaction the profile is
 * created with a confirmed email, a session starts and the person becomes a manager — except that
 * under RESELLER_CUSTOMER_LOGIN=disabled a profile whose only account is a reseller account is
 * created with login deactivated and no session (R2, I6); it still becomes a manager.
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
    await acceptAsInvitee(deps, row.id, (db) => readInvitationToAnswer(db, row.id, viewer), meta);
    // R2 deactivates only profiles it creates: an existing user keeps their login.
    return { billingAccountId: row.billing_account_id, session: null, loginNotActivated: null };
  }
  assertActionable(row);
  if (await findUserByEmailKey(deps.db, row.email_key)) throw signInRequired();
  // The default pipeline: the profile's insert must be read back.
  return change(deps.db, {
    lock: (tx) => lockAccountOfInvitation(tx, row.id),
    decide: async (tx, account) => {
      const answering = await readInvitationToAnswer(tx, row.id, null);
      const { invitation } = answering;
      // R2: the new profile's only account is this one (the account row is locked, its channel cannot change).
      const resellerName = account ? loginDeactivatedOnCreation(deps, account) : null;
      const { user, created } = await insertUserOrGetExisting(tx, {
        email: invitation.email,
        emailKey: invitation.email_key,
        emailConfirmedAt: new Date(),
        loginActivated: resellerName === null,
      });
      // Someone created the profile a moment ago (a sign-in link, say): it must sign in first.
      if (!created) throw signInRequired();
      const userMeta = asUser(meta, user.id);
      await recordEvent(tx, userMeta, {
        action: "auth.signed_up",
        subjectType: "user",
        subjectId: user.id,
        summary: { method: "invitation", invitationId: invitation.id, loginActivated: resellerName === null },
      });
      await completeAcceptance(deps, tx, answering, user, userMeta);
      // Like every change of the account's invitations: a fast-path change decided before this one is redone.
      await moveAccountVersionLater(tx, invitation.billing_account_id);
      if (resellerName !== null) {
        // R2, AU1: the policy, not a person, deactivated the login; the account's managers see why.
        await recordEvent(
          tx,
          { ...meta, actor: { type: "system", id: null } },
          {
            action: "user.login_deactivated",
            subjectType: "user",
            subjectId: user.id,
            billingAccountId: invitation.billing_account_id,
            summary: {
              email: user.email,
              reason: "reseller_customer_login_disabled",
              resellerName,
              loginActivated: { from: null, to: false },
            },
          },
        );
        // I6: no session for a deactivated login.
        return {
          billingAccountId: invitation.billing_account_id,
          session: null,
          loginNotActivated: { resellerName, message: loginNotActivatedText([resellerName]) },
        };
      }
      const session = await startSession(tx, user.id, meta);
      return {
        billingAccountId: invitation.billing_account_id,
        session: { cookieValue: session.cookieValue, expiresAt: session.expiresAt },
        loginNotActivated: null,
      };
    },
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
  await answerInvitation(
    deps.db,
    row.id,
    async (db) => ({ answering: await readInvitationToAnswer(db, row.id, viewer) }),
    (scope, { answering }) => completeDecline(scope, answering.invitation, meta),
  );
}
