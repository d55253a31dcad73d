// How every manager's change of a subscription's use runs: access first (404 for outsiders, 403 for
// staff), then one `change` that locks the account with the actor still one of its managers (A3,
// A7) and then the subscription's row. Reseller accounts too (R1: not the money routes' lock).
import { type ChangePlan, change } from "../../platform/change/change.js";
import type { Tx } from "../../platform/db/transaction.js";
import { lockAccountAsManagerOrThrow, type Viewer } from "../accounts/index.js";
import { getSubscriptionFor, lockSubscription, type SubscriptionRow, subscriptionNotFound } from "../billing/index.js";
import type { LicensingDeps } from "./licensing.deps.js";

async function lockSubscriptionAsManager(tx: Tx, accountId: string, subscriptionId: string, viewer: Viewer) {
  await lockAccountAsManagerOrThrow(tx, accountId, viewer.id);
  const current = await lockSubscription(tx, subscriptionId);
  if (!current || current.billing_account_id !== accountId) throw subscriptionNotFound();
  return current;
}

/** `decide` gets the subscription as it is under its lock. */
export async function changeSubscriptionUse<T>(
  deps: Pick<LicensingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  decide: ChangePlan<SubscriptionRow, T>["decide"],
): Promise<T> {
  const { row } = await getSubscriptionFor(deps, viewer, subscriptionId, "write");
  return change(deps.db, {
    lock: (tx) => lockSubscriptionAsManager(tx, row.billing_account_id, subscriptionId, viewer),
    decide,
  });
}
