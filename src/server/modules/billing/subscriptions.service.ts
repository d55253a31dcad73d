// S1, B7: an account's subscriptions, and the auto-renew switch. Reseller-owned subscriptions are
// listed (R1) but changes to them answer 403 reseller_read_only.

import type { SubscriptionSummary } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { change } from "../../platform/change/change.js";
import { AppError } from "../../platform/errors.js";
import { getAccountAccessOrThrow, type Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { lockMoneyAccount } from "./billing-access.js";
import { toSubscriptionSummary } from "./subscriptions.mapping.js";
import {
  findSubscription,
  listSubscriptions,
  lockSubscription,
  updateSubscription,
} from "./subscriptions.repository.js";

export const subscriptionNotFound = () =>
  new AppError("not_found", ERROR_CODES.subscriptionNotFound, "There is no subscription with this id among yours.");

export async function listAccountSubscriptions(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  accountId: string,
): Promise<SubscriptionSummary[]> {
  const { access } = await getAccountAccessOrThrow(deps, viewer, accountId, "read");
  return (await listSubscriptions(deps.db, accountId)).map((row) => toSubscriptionSummary(row, access));
}

/** The subscription, if the viewer may see its account (404 otherwise, A2). */
export async function getSubscriptionFor(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  mode: "read" | "write",
) {
  const row = await findSubscription(deps.db, subscriptionId);
  if (!row) throw subscriptionNotFound();
  try {
    const { account, access } = await getAccountAccessOrThrow(deps, viewer, row.billing_account_id, mode);
    return { row, account, access };
  } catch (error) {
    if (error instanceof AppError && error.kind === "not_found") throw subscriptionNotFound();
    throw error;
  }
}

export async function setAutoRenew(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  autoRenew: boolean,
  meta: RequestMeta,
): Promise<SubscriptionSummary> {
  const { row } = await getSubscriptionFor(deps, viewer, subscriptionId, "write");
  const after = await change(deps.db, {
    lock: (tx) => lockMoneyAccount(tx, row.billing_account_id, viewer.id),
    decide: async (tx) => {
      const current = await lockSubscription(tx, subscriptionId);
      if (!current) throw subscriptionNotFound();
      if (current.invoice_owner !== "account") {
        throw new AppError(
          "forbidden",
          ERROR_CODES.resellerReadOnly,
          "Purchased through a reseller: contact them to change this subscription.",
        );
      }
      if (current.status === "expired" || current.status === "cancelled") {
        throw new AppError(
          "conflict",
          ERROR_CODES.subscriptionEnded,
          "This subscription has ended; buy a new one instead.",
        );
      }
      if (current.auto_renew === autoRenew) return current;
      const updated = await updateSubscription(tx, subscriptionId, { auto_renew: autoRenew });
      await recordEvent(tx, meta, {
        action: autoRenew ? "subscription.auto_renew_on" : "subscription.auto_renew_off",
        subjectType: "subscription",
        subjectId: subscriptionId,
        billingAccountId: row.billing_account_id,
        summary: {
          subscriptionNumber: current.subscription_number,
          autoRenew: { from: current.auto_renew, to: autoRenew },
        },
      });
      return updated;
    },
  });
  return toSubscriptionSummary(after);
}
