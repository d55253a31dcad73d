// How every manager's change of a subscription's use starts: the account locked with the actor
// still one of its managers (A3, A7), then the subscription's row. Reseller accounts too (R1).
import type { Tx } from "../../platform/db/transaction.js";
import { lockAccountAsManagerOrThrow, type Viewer } from "../accounts/index.js";
import { lockSubscription, subscriptionNotFound } from "../billing/index.js";

export async function lockSubscriptionAsManager(tx: Tx, accountId: string, subscriptionId: string, viewer: Viewer) {
  await lockAccountAsManagerOrThrow(tx, accountId, viewer.id);
  const current = await lockSubscription(tx, subscriptionId);
  if (!current || current.billing_account_id !== accountId) throw subscriptionNotFound();
  return current;
}
