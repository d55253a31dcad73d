// A3, A7: when the Remove / Leave button is disabled, and the reason shown next to it. The server
// decides for real (409 with the same codes); this only spares people a button that cannot work.
import type { Manager } from "../../../shared/accounts.js";
import { ERROR_CODES } from "../../../shared/errors.js";

export type RemovalBlock =
  | { code: typeof ERROR_CODES.lastManager; reason: string }
  | { code: typeof ERROR_CODES.isSubscriptionContact | typeof ERROR_CODES.isBillingContact; reason: string };

export function removalBlock(manager: Manager, managers: Manager[]): RemovalBlock | null {
  if (managers.length <= 1) {
    return {
      code: ERROR_CODES.lastManager,
      reason: manager.isYou
        ? "You are the only manager. Invite another manager before leaving."
        : "A billing account needs at least one manager.",
    };
  }
  if (manager.isSubscriptionContact) {
    return { code: ERROR_CODES.isSubscriptionContact, reason: "Reassign the subscription contact first" };
  }
  if (manager.isBillingContact)
    return { code: ERROR_CODES.isBillingContact, reason: "Reassign the billing contact first" };
  return null;
}
