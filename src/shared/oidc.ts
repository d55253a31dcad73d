// I9: sign-in and account linking through GitLab.com (OpenID Connect). The callback is a browser
// navigation, so its outcome is a redirect to a web page with a short code in the query:
// `?oidc_error=<code>` on failure, `?oidc=<outcome>` after linking. These are the codes and the
// words a person sees for them.
import { z } from "zod";
import { verbatimText } from "./text.js";

/** The one provider Billfold signs in with; the issuer is configurable (any GitLab instance). */
export const OIDC_PROVIDER = "gitlab";
export const identityProviderSchema = z.enum([OIDC_PROVIDER]);

export const oidcErrorCodes = [
  "state_mismatch",
  "email_taken",
  "email_unverified",
  "identity_in_use",
  "login_deactivated",
  "reseller_login_not_activated",
  "provider_error",
  "not_signed_in",
] as const;
export type OidcErrorCode = (typeof oidcErrorCodes)[number];

export const oidcOutcomes = ["linked", "changed"] as const;
export type OidcOutcome = (typeof oidcOutcomes)[number];

/** `GET /api/v1/auth/oidc/start` query. An unusable returnTo is ignored (the default page is used). */
export const oidcStartQuerySchema = z.object({
  intent: z.enum(["sign_in", "link"]).default("sign_in"),
  /** Control characters and invalid Unicode are refused (400) like in any text; an off-site path is ignored. */
  returnTo: verbatimText(2000).optional(),
});

export function isOidcErrorCode(value: unknown): value is OidcErrorCode {
  return typeof value === "string" && (oidcErrorCodes as readonly string[]).includes(value);
}

export function isOidcOutcome(value: unknown): value is OidcOutcome {
  return typeof value === "string" && (oidcOutcomes as readonly string[]).includes(value);
}

/** What each code tells the person. `label` is the provider's display name ("GitLab.com"). */
export function oidcErrorText(code: OidcErrorCode, label = "GitLab.com"): { title: string; message: string } {
  switch (code) {
    case "state_mismatch":
      return {
        title: "Sign-in could not be completed",
        message: `This ${label} sign-in attempt expired, was already used, or was started in another browser. Start again from this page.`,
      };
    case "email_taken":
      return {
        title: `Your ${label} account is not linked yet`,
        message: `A Billfold profile already uses the email address of this ${label} account. Sign in with a one-time link sent to that address, then link your ${label} account from your profile.`,
      };
    case "email_unverified":
      return {
        title: `${label} did not confirm your email address`,
        message: `To create a profile, the email address of your ${label} account must be verified. Verify it at ${label} and try again, or sign in with a one-time link sent to your email.`,
      };
    case "identity_in_use":
      return {
        title: `This ${label} account belongs to another profile`,
        message: `The ${label} account you signed in with is already linked to a different Billfold profile. Nothing was changed. Sign in to ${label} with another account, or unlink it from the other profile first.`,
      };
    case "login_deactivated":
      return {
        title: "Sign-in is not activated",
        // Same words as the server's deactivatedMessage() (I6); a test keeps them equal.
        message:
          "Sign-in is not activated for this profile. If you bought through a reseller, contact your reseller; otherwise contact support.",
      };
    case "reseller_login_not_activated":
      return {
        title: "Sign-in is not activated",
        // R2, I6: no reseller's name here — the page shows only what the code says, and anyone can
        // craft a link with a code; the sign-in link and the invitation answers name the reseller.
        message:
          "Sign-in is not activated for this profile: your billing accounts are managed by a reseller. Contact your reseller for access.",
      };
    case "provider_error":
      return {
        title: `${label} sign-in failed`,
        message: `${label} did not complete the sign-in, or its answer could not be verified. Try again in a moment.`,
      };
    case "not_signed_in":
      return {
        title: "Sign in first",
        message: `Sign in to Billfold before linking a ${label} account.`,
      };
  }
}

export function oidcOutcomeText(outcome: OidcOutcome, label = "GitLab.com"): string {
  return outcome === "linked" ? `Your ${label} account is now linked.` : `Your linked ${label} account was changed.`;
}
