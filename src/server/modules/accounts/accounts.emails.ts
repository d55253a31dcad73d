// The accounts module's emails. The invitation link carries the raw token, which exists nowhere
// else (the database keeps only its hash). Company and people's names are typed by customers, so
// they stay out of subjects and appear in bodies only quoted, capped and defanged (user-text.ts):
// an invitation from an account named "Urgent: pay at https://evil.example" must read as a name.
import { mailDateTime } from "../../platform/mail/dates.js";
import type { MailContent } from "../../platform/mail/message.js";
import { quoteUserText } from "../../platform/mail/user-text.js";

const NAMES_NOTE = "Names in this email are as the account's managers typed them; Billfold does not check them.";

/** "olive@example.com (who gave the name “Olive Owner”)", or the address alone when no name was given. */
function person(name: string, email: string): string {
  return name.trim() === "" || name === email ? email : `${email} (who gave the name ${quoteUserText(name)})`;
}

const account = (companyName: string) => `the billing account named ${quoteUserText(companyName)}`;

export function invitationMail(
  to: string,
  details: { companyName: string; inviterName: string; inviterEmail: string; url: string; expiresAt: Date },
): MailContent {
  return {
    to,
    subject: "You are invited to manage a billing account on Billfold",
    paragraphs: [
      `${person(details.inviterName, details.inviterEmail)} invited you to become a manager of ${account(details.companyName)} on Billfold.`,
      "Managers see and change the account's subscriptions, payment methods, invoices, contacts and managers.",
      `The invitation expires on ${mailDateTime(details.expiresAt)}. If you did not expect it, ignore this email.`,
      NAMES_NOTE,
    ],
    action: { label: "View the invitation", url: details.url },
  };
}

export function invitationAcceptedMail(
  to: string,
  details: { companyName: string; managerName: string; managerEmail: string; accountUrl: string },
): MailContent {
  return {
    to,
    subject: "Someone you invited is now a manager of a billing account",
    paragraphs: [
      `${person(details.managerName, details.managerEmail)} accepted your invitation and is now a manager of ${account(details.companyName)}.`,
      NAMES_NOTE,
    ],
    action: { label: "Open the account", url: details.accountUrl },
  };
}

export function managerRemovedMail(
  to: string,
  details: { companyName: string; accountNumber: string; removedBy: { name: string; email: string } | null },
): MailContent {
  const who = details.removedBy
    ? `${person(details.removedBy.name, details.removedBy.email)} removed you`
    : "You removed yourself";
  return {
    to,
    // The account number is ours (BA-…), not typed by anyone: safe in a subject.
    subject: `You are no longer a manager of billing account ${details.accountNumber}`,
    paragraphs: [
      `${who} as a manager of ${account(details.companyName)} (${details.accountNumber}).`,
      "You no longer have access to this account in Billfold. Invitations you sent for it were withdrawn.",
      "If you think this is a mistake, ask one of its other managers to invite you again.",
      NAMES_NOTE,
    ],
  };
}
