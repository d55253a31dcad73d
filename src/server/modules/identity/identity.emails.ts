// The identity module's emails. Links use BASE_URL and carry the raw token, which exists nowhere
// else (the database keeps only its hash).
import type { MailContent } from "../../platform/mail/message.js";

export function signInLinkMail(to: string, url: string, isNew: boolean): MailContent {
  return {
    to,
    subject: isNew ? "Create your Billfold profile" : "Your Billfold sign-in link",
    paragraphs: [
      isNew
        ? "Someone asked to sign in to Billfold with this address. Open the link below to create your profile and sign in."
        : "Open the link below to sign in to Billfold.",
      "The link works once and expires in 24 hours. If you did not ask for it, ignore this email.",
    ],
    action: { label: isNew ? "Create profile and sign in" : "Sign in", url },
  };
}

export function registerWithProviderMail(to: string, baseUrl: string): MailContent {
  return {
    to,
    subject: "Signing in to Billfold",
    paragraphs: [
      "Someone asked to sign in to Billfold with this address, but it has no profile yet.",
      "New profiles are created by signing in with GitLab.com: open the sign-in page and choose Continue with GitLab.com.",
      "If you did not ask for this, ignore this email.",
    ],
    action: { label: "Open the sign-in page", url: `${baseUrl}/sign-in` },
  };
}

/** I6; R2: a reseller customer is told which reseller to contact (names set by staff, not customers). */
export function loginDeactivatedMail(to: string, resellerNames: readonly string[] = []): MailContent {
  return {
    to,
    subject: "Signing in to Billfold",
    paragraphs: [
      "Someone asked to sign in to Billfold with this address, but sign-in is not activated for this profile.",
      resellerNames.length > 0
        ? `Your billing accounts are managed by a reseller. Contact your reseller ${resellerNames.join(" or ")} for access.`
        : "If you bought through a reseller, contact your reseller. Otherwise contact support.",
    ],
  };
}

export function confirmEmailMail(to: string, url: string): MailContent {
  return {
    to,
    subject: "Confirm your new Billfold email address",
    paragraphs: [
      "Confirm that this is the new email address for your Billfold profile.",
      "The link works once and expires in 24 hours. Until you confirm, your profile keeps its current address.",
    ],
    action: { label: "Confirm email address", url },
  };
}

export function emailChangeRequestedMail(to: string, newEmail: string): MailContent {
  return {
    to,
    subject: "Email change requested for your Billfold profile",
    paragraphs: [
      `Someone signed in to your Billfold profile asked to change its email address to ${newEmail}.`,
      "Nothing changes until the new address is confirmed. If this was not you, sign in and sign out everywhere, or contact support.",
    ],
  };
}

export function emailChangedMail(to: string, newEmail: string): MailContent {
  return {
    to,
    subject: "Your Billfold email address was changed",
    paragraphs: [
      `The email address of your Billfold profile is now ${newEmail}. Other sessions were signed out.`,
      "If this was not you, contact support.",
    ],
  };
}
