// AU2: an event's action code and summary in plain words, for the Activity page.
import type { AccountEvent } from "../../../shared/accounts.js";

type Summary = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const obj = (value: unknown): Summary | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Summary) : null;

/** The email of `{ manager: { email } }` and similar shapes. */
const emailIn = (value: unknown): string | null => str(obj(value)?.email);

const COMPANY_FIELDS: Record<string, string> = { companyName: "name", taxId: "tax ID", address: "address" };

function companyChanges(summary: Summary): string {
  const name = obj(summary.companyName);
  const fields = Object.keys(summary)
    .map((key) => COMPANY_FIELDS[key])
    .filter((label): label is string => label !== undefined);
  if (name && fields.length === 1 && str(name.to)) return `Renamed the company to ${str(name.to)}`;
  if (fields.length === 0) return "Changed the company details";
  return `Changed the company ${joinWords(fields)}`;
}

function contactChanges(summary: Summary, who: (userId: string | null) => string | null): string {
  const parts: string[] = [];
  const subscription = obj(summary.subscriptionContact);
  if (subscription) {
    const to = who(str(subscription.to));
    parts.push(to ? `made ${to} the subscription contact` : "changed the subscription contact");
  }
  const billing = obj(obj(summary.billingContact)?.to);
  if (billing) {
    const type = str(billing.type);
    if (type === "custom") parts.push(`set a custom billing contact${str(billing.email) ? ` (${billing.email})` : ""}`);
    else if (type === "subscription_contact") parts.push("made the subscription contact the billing contact");
    else parts.push(`made ${who(str(billing.userId)) ?? "another manager"} the billing contact`);
  }
  if (parts.length === 0) return "Updated the contact details";
  const sentence = joinWords(parts);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * What happened, as a sentence whose subject is the actor ("Invited ada@example.com to manage
 * the account"). `who` turns a user id into a name or email when the page knows it.
 */
export function describeEvent(event: AccountEvent, who: (userId: string | null) => string | null = () => null): string {
  const s = event.summary;
  switch (event.action) {
    case "billing_account.created":
      return `Created the billing account${str(s.companyName) ? ` for ${s.companyName}` : ""}`;
    case "billing_account.updated":
      return companyChanges(s);
    case "billing_account.contacts_updated":
      return contactChanges(s, who);
    case "billing_account.invitation_sent":
      return `Invited ${str(s.email) ?? "someone"} to become a manager`;
    case "billing_account.invitation_renewed":
      return `Sent a new invitation link to ${str(s.email) ?? "an invited person"}`;
    case "billing_account.invitation_revoked":
      return `Revoked the invitation to ${str(s.email) ?? "an invited person"}`;
    case "billing_account.invitation_accepted":
      return "Accepted the invitation and became a manager";
    case "billing_account.invitation_declined":
      return `Declined the invitation${str(s.email) ? ` sent to ${s.email}` : ""}`;
    case "billing_account.manager_removed":
      return `Removed ${emailIn(s.manager) ?? "a manager"} from the managers`;
    case "billing_account.manager_left":
      return "Left the billing account";
    case "user.login_deactivated":
      // R2: a reseller customer's new profile, created with sign-in not activated.
      return str(s.reason) === "reseller_customer_login_disabled"
        ? `Did not activate sign-in for ${str(s.email) ?? "a new manager"}: the account is managed by ${str(s.resellerName) ?? "a reseller"}`
        : `Deactivated sign-in for ${str(s.email) ?? "a user"}`;
    // S2, S4: what a subscription is used by.
    case "subscription.namespace_linked":
      return `Linked ${subscriptionIn(s)} to the group ${groupIn(s.namespace, "to")}`;
    case "subscription.namespace_changed":
      return `Changed the group of ${subscriptionIn(s)} from ${groupIn(s.namespace, "from")} to ${groupIn(s.namespace, "to")}`;
    case "subscription.namespace_unlinked":
      return `Unlinked ${subscriptionIn(s)} from the group ${groupIn(s.namespace, "from")}`;
    case "subscription.activated":
      return `Activated ${subscriptionIn(s)} on the instance ${str(s.instanceId) ?? "(unknown)"}`;
    case "subscription.activation_released":
      return `Released ${subscriptionIn(s)} from the instance ${str(obj(s.instanceId)?.from) ?? "(unknown)"}`;
    case "subscription.activation_code_regenerated":
      return `Made a new activation code for ${subscriptionIn(s)}`;
    default:
      return humanize(event.action);
  }
}

const subscriptionIn = (summary: Summary): string => str(summary.subscriptionNumber) ?? "a subscription";
const groupIn = (change: unknown, side: "from" | "to"): string => {
  const path = str(obj(change)?.[side]);
  return path ? `gitlab.com/${path}` : "(none)";
};

/** An unknown code ("billing_account.something_new") still reads as words. */
function humanize(action: string): string {
  const last = action.split(".").at(-1) ?? action;
  const words = last.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Who did it: a person's name as it was then (email when unnamed), a role for the rest. Without a
 * session it is someone with an emailed link, or (S4) the customer's instance with the code.
 */
export function describeActor(actor: AccountEvent["actor"], action?: string): string {
  const person = actor.name ?? actor.email;
  if (actor.type === "system") return "Billfold";
  if (actor.type === "staff") return person ? `${person} (support)` : "Support";
  if (actor.type === "anonymous") {
    return action === "subscription.activated"
      ? "An instance with the activation code"
      : "Someone with the emailed link";
  }
  return person ?? "A former user";
}
