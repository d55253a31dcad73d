// I2–I4, I6, I8: one-time sign-in links.

import { emailKey } from "../../../shared/email.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { loginNotActivatedText } from "../../../shared/identity.js";
import { change } from "../../platform/change/change.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import { AppError } from "../../platform/errors.js";
import { changeInOneStatement } from "../../platform/fast-path/optimistic-change.js";
import { asUser, type RequestMeta, recordEvent } from "../audit/index.js";
import { type IdentityDeps, LIMITS, LINK_TTL_MS } from "./identity.deps.js";
import { loginDeactivatedMail, registerWithProviderMail, signInLinkMail } from "./identity.emails.js";
import { startSession } from "./sessions.service.js";
import { consumeToken, insertToken } from "./tokens.repository.js";
import { findUserByEmailKey, findUserById, insertUserOrGetExisting, updateUser } from "./users.repository.js";

export const SIGN_IN_LINK_ACCEPTED = "If the address can sign in, a sign-in link is on its way. Check your email.";

/**
 * I2: the answer is the same whether or not the address has a profile (or is deactivated): every
 * path reads the profile, then writes one email (and a token) with its event in one statement,
 * and the caller answers 202 with one text. No lock is needed: nothing here depends on a row
 * staying as read (a profile created a moment later simply gets a sign-up link).
 */
export async function requestSignInLink(
  deps: IdentityDeps,
  email: string,
  meta: RequestMeta,
  returnTo: string | null = null,
): Promise<void> {
  const key = emailKey(email);
  if (meta.ip) await deps.limiter.hit(LIMITS.linkPerIp, meta.ip);
  await deps.limiter.hit(LIMITS.linkPerAddress, key);

  // The fast path (platform/fast-path/README.md, benchmarked): one read, then the writes as one statement.
  await changeInOneStatement(deps.db, async (tx) => {
    // Every answer to the sign-in form is a mail the person is waiting for: urgent (issue 12).
    const user = await findUserByEmailKey(tx, key);
    const to = user?.email ?? email;
    let outcome: string;
    if (user && !user.login_activated) {
      outcome = "login_deactivated";
      // The answer stays the same for everyone (I2); the mail goes to the address's owner, so it
      // may say whom a reseller customer should contact (I6, R2).
      const resellers = (await deps.resellersOfCustomer?.(tx, user.id)) ?? [];
      await deps.outbox.send(tx, loginDeactivatedMail(to, resellers), { urgent: true });
    } else if (!user && deps.config.signUp === "oidc_only") {
      outcome = "sign_up_by_provider_only";
      await deps.outbox.send(tx, registerWithProviderMail(to, deps.config.baseUrl), { urgent: true });
    } else {
      outcome = user ? "link_sent" : "sign_up_link_sent";
      const token = randomToken();
      await insertToken(tx, {
        tokenHash: hashToken(token),
        purpose: "sign_in",
        userId: user?.id ?? null,
        email: to,
        emailKey: key,
        returnTo,
        expiresAt: new Date(Date.now() + LINK_TTL_MS),
      });
      await deps.outbox.send(tx, signInLinkMail(to, `${deps.config.baseUrl}/sign-in/${token}`, !user), {
        urgent: true,
      });
    }
    await recordEvent(tx, meta, {
      action: "auth.sign_in_link_requested",
      subjectType: "user",
      subjectId: user?.id ?? null,
      summary: { outcome },
    });
  });
}

export type RedeemResult = {
  userId: string;
  created: boolean;
  cookieValue: string;
  expiresAt: Date;
  returnTo: string | null;
};

/** I3/I4: the POST that signs in. A used, revoked, expired or unknown token answers 410. */
export async function redeemSignInLink(
  deps: IdentityDeps,
  token: string,
  meta: RequestMeta & { userAgent: string | null; previousSessionId: string | null },
): Promise<RedeemResult> {
  if (meta.ip) await deps.limiter.hit(LIMITS.redeemPerIp, meta.ip);
  try {
    return await change(deps.db, {
      lock: null, // the token's single atomic consumption decides (I3)
      decide: async (tx) => {
        const row = await consumeToken(tx, hashToken(token), "sign_in");
        if (!row)
          throw new AppError("gone", ERROR_CODES.linkExpired, "This sign-in link has expired or was already used.");

        let user = row.user_id ? await findUserById(tx, row.user_id) : undefined;
        let created = false;
        if (!user) {
          // I2/I8: first sign-in by link creates the profile; redeeming proves the address.
          ({ user, created } = await insertUserOrGetExisting(tx, {
            email: row.email,
            emailKey: row.email_key,
            emailConfirmedAt: new Date(),
          }));
        }
        if (!user.login_activated) {
          // Redeeming proved the address, so the answer may say whom to contact (I6, R2).
          const resellers = (await deps.resellersOfCustomer?.(tx, user.id)) ?? [];
          throw new AppError(
            "forbidden",
            ERROR_CODES.loginDeactivated,
            deactivatedMessage(resellers),
            resellers.length > 0 ? { resellerNames: resellers } : undefined,
          );
        }
        if (!user.email_confirmed_at) await updateUser(tx, user.id, { email_confirmed_at: new Date() });

        const session = await startSession(tx, user.id, meta);
        await recordEvent(tx, asUser(meta, user.id), {
          action: created ? "auth.signed_up" : "auth.signed_in",
          subjectType: "user",
          subjectId: user.id,
          summary: { method: "link" },
        });
        return {
          userId: user.id,
          created,
          cookieValue: session.cookieValue,
          expiresAt: session.expiresAt,
          returnTo: row.return_to,
        };
      },
    });
  } catch (error) {
    if (error instanceof AppError) {
      // The refusal's own change: an event alone, nothing to lock.
      await change(deps.db, {
        lock: null,
        decide: (scope) =>
          recordEvent(scope, meta, {
            action: "auth.sign_in_failed",
            subjectType: "user",
            summary: { method: "link", reason: error.code },
          }),
      });
    }
    throw error;
  }
}

/** I6: what a deactivated user is told, by every sign-in method; a reseller customer is told whom to contact (R2). */
export function deactivatedMessage(resellerNames: readonly string[] = []): string {
  return loginNotActivatedText(resellerNames);
}
