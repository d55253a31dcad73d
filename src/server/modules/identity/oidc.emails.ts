// I9: notices sent to the profile address when its linked GitLab.com account changes.
import type { MailContent } from "../../platform/mail/message.js";

const at = (username: string | null) => (username ? `@${username}` : "an account");

export function identityLinkedMail(to: string, label: string, username: string | null, baseUrl: string): MailContent {
  return {
    to,
    subject: `A ${label} account was linked to your Billfold profile`,
    paragraphs: [
      `The ${label} account ${at(username)} was linked to your Billfold profile. You can now sign in with it.`,
      "If this was not you, open your profile, unlink the account and sign out everywhere, or contact support.",
    ],
    action: { label: "Open your profile", url: `${baseUrl}/profile` },
  };
}

export function identityChangedMail(
  to: string,
  label: string,
  from: string | null,
  toUsername: string | null,
  baseUrl: string,
): MailContent {
  return {
    to,
    subject: `The ${label} account linked to your Billfold profile was changed`,
    paragraphs: [
      `Your Billfold profile is now linked to the ${label} account ${at(toUsername)} instead of ${at(from)}. Only the new account can sign in to this profile.`,
      "If this was not you, open your profile, unlink the account and sign out everywhere, or contact support.",
    ],
    action: { label: "Open your profile", url: `${baseUrl}/profile` },
  };
}

export function identityUnlinkedMail(to: string, label: string, username: string | null): MailContent {
  return {
    to,
    subject: `A ${label} account was unlinked from your Billfold profile`,
    paragraphs: [
      `The ${label} account ${at(username)} is no longer linked to your Billfold profile and can no longer sign in to it. You can still sign in with a one-time link sent to your email.`,
      "If this was not you, sign in and sign out everywhere, or contact support.",
    ],
  };
}
