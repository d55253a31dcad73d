// I9 with I5, I6, I8: sign in with GitLab.com (OpenID Connect), link, change and unlink.
//
// - Users are found by (issuer, subject), never by email.
// - Each attempt's state, nonce and PKCE verifier live in oidc_login_attempts, keyed by the hash
//   of a random cookie value; the callback takes the row once (single use, 10 minutes).
// - Linking happens only while signed in; a first sign-in with no linked profile creates one only
//   when the provider's verified email is free, and otherwise asks the person to sign in by link and
//   link from the profile (never a silent link by matching email).
// - The callback is a browser navigation: every outcome is a redirect to a portal page, failures
//   with `?oidc_error=<code>`.

import { emailKey, parseEmail } from "../../../shared/email.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { type Me, returnToSchema } from "../../../shared/identity.js";
import { OIDC_PROVIDER, type OidcErrorCode, type OidcOutcome } from "../../../shared/oidc.js";
import { change } from "../../platform/change/change.js";
import type { TxScope } from "../../platform/change/write-scope.js";
import { hashToken, randomToken, safeEqual } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/client.js";
import type { OidcAttemptPurpose } from "../../platform/db/schema.js";
import { pgErrorCode } from "../../platform/db/transaction.js";
import { AppError, notSignedIn } from "../../platform/errors.js";
import type { RateLimitRule } from "../../platform/rate-limit.js";
import { asUser, type RequestMeta, recordEvent } from "../audit/index.js";
import type { IdentityDeps } from "./identity.deps.js";
import { describeOidcFailure, type OidcRelyingParty, type ProviderProfile } from "./oidc.client.js";
import { identityChangedMail, identityLinkedMail, identityUnlinkedMail } from "./oidc.emails.js";
import {
  deleteExpiredAttempts,
  deleteIdentity,
  findIdentityBySubject,
  findIdentityOfUser,
  insertAttempt,
  insertIdentity,
  listIdentitiesOfUser,
  refreshIdentityUsername,
  replaceIdentity,
  takeAttempt,
} from "./oidc.repository.js";
import { type AuthUser, startSession } from "./sessions.service.js";
import { findUserByEmailKey, findUserById, insertUserOrGetExisting, lockUser, updateUser } from "./users.repository.js";

export const OIDC_LABEL = "GitLab.com";
/** How long a started attempt can be completed. */
export const OIDC_ATTEMPT_TTL_MS = 10 * 60 * 1000;
export const OIDC_LIMITS = {
  startPerIp: { name: "oidc-start-ip", limit: 60, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;
/** After a sign-in the web start page decides (billing accounts when there are any, else the profile). */
const SIGN_IN_LANDING = "/";
/** Linking starts on the profile and returns there. */
const LINK_LANDING = "/profile";

export type OidcDeps = IdentityDeps & { rp: OidcRelyingParty | null };

type SessionMeta = RequestMeta & { userAgent: string | null };

export type NewSession = { cookieValue: string; expiresAt: Date };

/** A failure the person is told about by code; `detail` goes to the audit event only. */
class OidcFlowError extends Error {
  constructor(
    readonly code: OidcErrorCode,
    readonly detail: string,
    readonly userId: string | null = null,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** A portal path to land on (I9: "/…", never "//…" or another site); anything else is dropped. */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  return returnToSchema.safeParse(value).success && !value.includes("\\") ? value : null;
}

function withQuery(path: string, name: string, value: string): string {
  const url = new URL(path, "http://portal.invalid");
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A failed link goes back to the profile, unless the person has no session left to see it with. */
function errorPath(purpose: OidcAttemptPurpose, code: OidcErrorCode): string {
  const signedOut = code === "not_signed_in" || code === "login_deactivated" || code === "reseller_login_not_activated";
  const page = purpose === "link" && !signedOut ? "/profile" : "/sign-in";
  return withQuery(page, "oidc_error", code);
}

function requireRelyingParty(deps: OidcDeps): OidcRelyingParty {
  if (!deps.rp) throw new AppError("not_found", ERROR_CODES.notFound, "GitLab.com sign-in is not configured.");
  return deps.rp;
}

async function recordFailure(
  deps: OidcDeps,
  meta: RequestMeta,
  purpose: OidcAttemptPurpose,
  failure: OidcFlowError,
): Promise<void> {
  // The failed attempt's own change: an event alone, nothing to lock.
  await change(deps.db, {
    lock: null,
    decide: (scope) =>
      recordEvent(scope, meta, {
        action: purpose === "link" ? "identity.link_failed" : "auth.sign_in_failed",
        subjectType: "user",
        subjectId: failure.userId ?? meta.actor.id,
        summary: { method: OIDC_PROVIDER, provider: OIDC_PROVIDER, reason: failure.code, detail: failure.detail },
      }),
  });
}

export type StartInput = {
  intent: OidcAttemptPurpose;
  returnTo: string | undefined;
  auth: AuthUser | null;
  meta: RequestMeta;
};

export type StartResult = { location: string; attemptCookie: { value: string; expiresAt: Date } | null };

/** `GET /auth/oidc/start`: remembers the attempt server-side and sends the browser to the provider. */
export async function startOidc(deps: OidcDeps, input: StartInput): Promise<StartResult> {
  const rp = requireRelyingParty(deps);
  if (input.meta.ip) await deps.limiter.hit(OIDC_LIMITS.startPerIp, input.meta.ip);
  const base = deps.config.baseUrl;
  const purpose = input.intent;
  if (purpose === "link" && !input.auth) {
    return { location: base + errorPath("link", "not_signed_in"), attemptCookie: null };
  }
  const userId = purpose === "link" ? (input.auth?.id ?? null) : null;

  const secrets = rp.newSecrets();
  let authorizationUrl: URL;
  try {
    // Linking (and "Change linked account") asks the provider for a fresh sign-in (prompt=login):
    // the person signs in to the account they mean to link instead of silently reusing whichever
    // account the browser is signed in to there. Plain sign-in stays one click.
    authorizationUrl = await rp.authorizationUrl(secrets, purpose === "link" ? { prompt: "login" } : {});
  } catch (error) {
    await recordFailure(deps, input.meta, purpose, new OidcFlowError("provider_error", describeOidcFailure(error)));
    return { location: base + errorPath(purpose, "provider_error"), attemptCookie: null };
  }

  const cookieValue = randomToken();
  const expiresAt = new Date(Date.now() + OIDC_ATTEMPT_TTL_MS);
  await change(deps.db, {
    lock: null, // a new row of its own
    decide: async (tx) => {
      await deleteExpiredAttempts(tx);
      await insertAttempt(tx, {
        keyHash: hashToken(cookieValue),
        state: secrets.state,
        nonce: secrets.nonce,
        codeVerifier: secrets.codeVerifier,
        purpose,
        returnTo: safeReturnPath(input.returnTo),
        userId,
        expiresAt,
      });
    },
  });
  return { location: authorizationUrl.href, attemptCookie: { value: cookieValue, expiresAt } };
}

export type CallbackInput = {
  /** The attempt cookie, if the browser sent one. */
  attemptCookie: string | undefined;
  /** The callback URL as the provider called it: the registered redirect URI plus its query. */
  callbackUrl: URL;
  auth: AuthUser | null;
  meta: SessionMeta;
};

export type CallbackResult = { location: string; session: NewSession | null };

/** `GET /auth/oidc/callback`: checks the attempt, exchanges the code and signs in or links. */
export async function completeOidc(deps: OidcDeps, input: CallbackInput): Promise<CallbackResult> {
  const rp = requireRelyingParty(deps);
  const base = deps.config.baseUrl;
  let purpose: OidcAttemptPurpose = input.auth ? "link" : "sign_in";
  try {
    if (!input.attemptCookie) throw new OidcFlowError("state_mismatch", "no attempt cookie");
    const attempt = await takeAttempt(deps.db, hashToken(input.attemptCookie));
    if (!attempt) throw new OidcFlowError("state_mismatch", "unknown, used or expired attempt");
    purpose = attempt.purpose;
    const state = input.callbackUrl.searchParams.get("state");
    if (state === null || !safeEqual(state, attempt.state)) {
      throw new OidcFlowError("state_mismatch", "state does not match the attempt");
    }
    if (attempt.purpose === "link") {
      if (!input.auth) {
        // I6: deactivation ends the session; say why rather than "sign in first".
        const user = attempt.user_id ? await findUserById(deps.db, attempt.user_id) : undefined;
        throw user && !user.login_activated
          ? new OidcFlowError("login_deactivated", "login deactivated during the attempt (I6)", user.id)
          : new OidcFlowError("not_signed_in", "signed out during the attempt", attempt.user_id);
      }
      if (input.auth.id !== attempt.user_id) {
        throw new OidcFlowError("state_mismatch", "signed in as someone else during the attempt", attempt.user_id);
      }
    }

    let profile: ProviderProfile;
    try {
      profile = await rp.exchange(input.callbackUrl, {
        state: attempt.state,
        nonce: attempt.nonce,
        codeVerifier: attempt.code_verifier,
      });
    } catch (error) {
      throw new OidcFlowError("provider_error", describeOidcFailure(error), attempt.user_id);
    }

    if (attempt.purpose === "link" && attempt.user_id) {
      const outcome = await linkIdentity(deps, attempt.user_id, profile, input.meta);
      const landing = safeReturnPath(attempt.return_to) ?? LINK_LANDING;
      return { location: base + withQuery(landing, "oidc", outcome), session: null };
    }
    const session = await signInWithIdentity(deps, profile, {
      ...input.meta,
      previousSessionId: input.auth?.sessionId ?? null,
    });
    return { location: base + (safeReturnPath(attempt.return_to) ?? SIGN_IN_LANDING), session };
  } catch (error) {
    if (!(error instanceof OidcFlowError)) throw error;
    const failure = await withResellerReason(deps, error);
    await recordFailure(deps, input.meta, purpose, failure);
    return { location: base + errorPath(purpose, failure.code), session: null };
  }
}

/**
 * R2, I6: a deactivated reseller customer is told to contact their reseller. The provider proved
 * the address, so saying why is no enumeration; the reseller's name stays out of the URL.
 */
async function withResellerReason(deps: OidcDeps, failure: OidcFlowError): Promise<OidcFlowError> {
  if (failure.code !== "login_deactivated" || !failure.userId || !deps.resellersOfCustomer) return failure;
  const resellers = await deps.resellersOfCustomer(deps.db, failure.userId);
  if (resellers.length === 0) return failure;
  return new OidcFlowError("reseller_login_not_activated", `${failure.detail}; reseller customer (R2)`, failure.userId);
}

function identityValues(profile: ProviderProfile) {
  return {
    issuer: profile.issuer,
    subject: profile.subject,
    username: profile.username,
    email: profile.email,
  };
}

/** Unique (issuer, subject) or (user_id, provider) lost to a concurrent request. */
function asIdentityInUse(error: unknown, userId: string | null): unknown {
  return pgErrorCode(error) === "23505" ? new OidcFlowError("identity_in_use", "unique violation", userId) : error;
}

async function signInWithIdentity(
  deps: OidcDeps,
  profile: ProviderProfile,
  meta: SessionMeta & { previousSessionId: string | null },
): Promise<NewSession> {
  try {
    return await change(deps.db, {
      lock: null, // the unique keys on identities and users decide a race (I9)
      decide: async (tx) => {
        const linked = await findIdentityBySubject(tx, profile.issuer, profile.subject);
        if (linked) return returningSignIn(tx, linked.user_id, linked.id, linked.username, profile, meta);
        return firstSignIn(tx, profile, meta);
      },
    });
  } catch (error) {
    throw asIdentityInUse(error, null);
  }
}

async function returningSignIn(
  tx: TxScope,
  userId: string,
  identityId: string,
  storedUsername: string | null,
  profile: ProviderProfile,
  meta: SessionMeta & { previousSessionId: string | null },
): Promise<NewSession> {
  const user = await findUserById(tx, userId);
  if (!user) throw new OidcFlowError("provider_error", "linked user vanished");
  if (!user.login_activated) throw new OidcFlowError("login_deactivated", "login deactivated (I6)", user.id);
  if (profile.username !== storedUsername) await refreshIdentityUsername(tx, identityId, profile.username);
  const session = await startSession(tx, user.id, meta);
  await recordEvent(tx, asUser(meta, user.id), {
    action: "auth.signed_in",
    subjectType: "user",
    subjectId: user.id,
    summary: { method: OIDC_PROVIDER, username: profile.username },
  });
  return { cookieValue: session.cookieValue, expiresAt: session.expiresAt };
}

async function firstSignIn(
  tx: TxScope,
  profile: ProviderProfile,
  meta: SessionMeta & { previousSessionId: string | null },
): Promise<NewSession> {
  if (!profile.email || !profile.emailVerified) {
    throw new OidcFlowError("email_unverified", profile.email ? "email_verified is not true" : "no email claim");
  }
  const email = parseEmail(profile.email);
  if (!email) throw new OidcFlowError("email_unverified", "email claim is not a valid address");
  const key = emailKey(email);
  // I9: a profile that already has this address is never linked silently by email.
  const existing = await findUserByEmailKey(tx, key);
  if (existing) {
    throw existing.login_activated
      ? new OidcFlowError("email_taken", "a profile has this email; link from the profile", existing.id)
      : new OidcFlowError("login_deactivated", "the profile with this email is deactivated (I6)", existing.id);
  }
  // I8: the provider verified the address, so the new profile is confirmed.
  const { user, created } = await insertUserOrGetExisting(tx, { email, emailKey: key, emailConfirmedAt: new Date() });
  if (!created) throw new OidcFlowError("email_taken", "profile created concurrently", user.id);
  if (profile.givenName || profile.familyName) {
    await updateUser(tx, user.id, { first_name: profile.givenName ?? "", last_name: profile.familyName ?? "" });
  }
  await insertIdentity(tx, user.id, OIDC_PROVIDER, identityValues(profile));
  const session = await startSession(tx, user.id, meta);
  const userMeta = asUser(meta, user.id);
  await recordEvent(tx, userMeta, {
    action: "auth.signed_up",
    subjectType: "user",
    subjectId: user.id,
    summary: { method: OIDC_PROVIDER, username: profile.username },
  });
  await recordEvent(tx, userMeta, {
    action: "identity.linked",
    subjectType: "user",
    subjectId: user.id,
    summary: { provider: OIDC_PROVIDER, username: profile.username, subject: profile.subject },
  });
  return { cookieValue: session.cookieValue, expiresAt: session.expiresAt };
}

/** Link (none yet) or change (replace the linked one); refused when another user owns the identity. */
async function linkIdentity(
  deps: OidcDeps,
  userId: string,
  profile: ProviderProfile,
  meta: RequestMeta,
): Promise<OidcOutcome> {
  try {
    return await change(deps.db, {
      lock: (tx) => lockUser(tx, userId),
      decide: async (tx, user) => {
        if (!user) throw new OidcFlowError("not_signed_in", "user vanished");
        if (!user.login_activated) throw new OidcFlowError("login_deactivated", "login deactivated (I6)", userId);
        const owner = await findIdentityBySubject(tx, profile.issuer, profile.subject);
        if (owner && owner.user_id !== userId) {
          throw new OidcFlowError("identity_in_use", "identity linked to another user", userId);
        }
        const current = await findIdentityOfUser(tx, userId, OIDC_PROVIDER);
        if (current && owner && current.id === owner.id) {
          // The same account again: nothing to change but a renamed username.
          if (profile.username !== current.username) await refreshIdentityUsername(tx, current.id, profile.username);
          return "linked";
        }
        if (current) {
          await replaceIdentity(tx, current.id, identityValues(profile));
          await recordEvent(tx, meta, {
            action: "identity.changed",
            subjectType: "user",
            subjectId: userId,
            summary: {
              provider: OIDC_PROVIDER,
              username: { from: current.username, to: profile.username },
              subject: { from: current.subject, to: profile.subject },
            },
          });
          await deps.outbox.send(
            tx,
            identityChangedMail(user.email, OIDC_LABEL, current.username, profile.username, deps.config.baseUrl),
          );
          return "changed";
        }
        await insertIdentity(tx, userId, OIDC_PROVIDER, identityValues(profile));
        await recordEvent(tx, meta, {
          action: "identity.linked",
          subjectType: "user",
          subjectId: userId,
          summary: { provider: OIDC_PROVIDER, username: profile.username, subject: profile.subject },
        });
        await deps.outbox.send(tx, identityLinkedMail(user.email, OIDC_LABEL, profile.username, deps.config.baseUrl));
        return "linked";
      },
    });
  } catch (error) {
    throw asIdentityInUse(error, userId);
  }
}

/** `DELETE /me/identities/:provider`. */
export async function unlinkIdentity(deps: IdentityDeps, userId: string, meta: RequestMeta): Promise<void> {
  await change(deps.db, {
    lock: (tx) => lockUser(tx, userId),
    decide: async (tx, user) => {
      if (!user) throw notSignedIn();
      const removed = await deleteIdentity(tx, userId, OIDC_PROVIDER);
      if (!removed)
        throw new AppError("not_found", ERROR_CODES.identityNotFound, `No ${OIDC_LABEL} account is linked.`);
      await recordEvent(tx, meta, {
        action: "identity.unlinked",
        subjectType: "user",
        subjectId: userId,
        summary: { provider: OIDC_PROVIDER, username: removed.username, subject: removed.subject },
      });
      await deps.outbox.send(tx, identityUnlinkedMail(user.email, OIDC_LABEL, removed.username));
    },
  });
}

/** The `identities` field of `GET /me`. */
export async function listLinkedIdentities(db: Db, userId: string): Promise<Me["identities"]> {
  const rows = await listIdentitiesOfUser(db, userId);
  return rows.map((row) => ({ provider: row.provider, username: row.username, linkedAt: row.linked_at.toISOString() }));
}
