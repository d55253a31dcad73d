// A3, A7: when the Remove / Leave button is disabled, and the reason shown next to it. The server
// decides for real (409 with the same codes); this only spares people a button that cannot work.
import type { Manager } from "../../../shared/accounts.js";

export type RemovalBlock =
  | { code: "last_manager"; reason: string }
  | { code: "is_subscription_contact" | "is_billing_contact"; reason: string };

export function removalBlock(manager: Manager, managers: Manager[]): RemovalBlock | null {
  if (managers.length <= 1) {
    return {
      code: "last_manager",
      reason: manager.isYou
        ? "You are the only manager. Invite another manager before leaving."
        : "A billing account needs at least one manager.",
    };
  }
  if (manager.isSubscriptionContact) {
    return { code: "is_subscription_contact", reason: "Reassign the subscription contact first" };
  }
  if (manager.isBillingContact) return { code: "is_billing_contact", reason: "Reassign the billing contact first" };
  return null;
}
