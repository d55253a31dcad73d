// The accounts module's emails. The invitation link carries the raw token, which exists nowhere
// else (the database keeps only its hash).
import { mailDateTime } from "../../platform/mail/dates.js";
import type { MailContent } from "../../platform/mail/message.js";

export function invitationMail(
  to: string,
  details: { companyName: string; inviterName: string; inviterEmail: string; url: string; expiresAt: Date },
): MailContent {
  return {
    to,
    subject: `${details.inviterName} invited you to manage ${details.companyName} on Billfold`,
    paragraphs: [
      `${details.inviterName} (${details.inviterEmail}) invited you to become a billing account manager of ${details.companyName}.`,
      "Managers see and change the account's subscriptions, payment methods, invoices, contacts and managers.",
      `The invitation expires on ${mailDateTime(details.expiresAt)}. If you did not expect it, ignore this email.`,
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
    subject: `${details.managerName} is now a manager of ${details.companyName}`,
    paragraphs: [
      `${details.managerName} (${details.managerEmail}) accepted your invitation and is now a billing account manager of ${details.companyName}.`,
    ],
    action: { label: "Open the account", url: details.accountUrl },
  };
}

export function managerRemovedMail(
  to: string,
  details: { companyName: string; accountNumber: string; removedBy: { name: string; email: string } | null },
): MailContent {
  const who = details.removedBy
    ? `${details.removedBy.name} (${details.removedBy.email}) removed you`
    : "You removed yourself";
  return {
    to,
    subject: `You are no longer a manager of ${details.companyName}`,
    paragraphs: [
      `${who} as a billing account manager of ${details.companyName} (${details.accountNumber}).`,
      "You no longer have access to this account in Billfold. Invitations you sent for it were withdrawn.",
      "If you think this is a mistake, ask one of its other managers to invite you again.",
    ],
  };
}
