// S2, S4: the only writer of a subscription's use columns (namespace, activation code, the bound
// instance). The unique indexes decide the races: one subscription per namespace, one code each.
import type { Tx } from "../../platform/db/transaction.js";
import { newActivationCode } from "../../platform/licensing/activation-code.js";
import { SUBSCRIPTION_COLUMNS } from "../billing/index.js";

/** The subscription an activation code names, locked (S4: the binding is decided under it). */
export function lockSubscriptionByActivationCode(tx: Tx, code: string) {
  return tx
    .selectFrom("subscriptions")
    .select(SUBSCRIPTION_COLUMNS)
    .where("activation_code", "=", code)
    .forUpdate()
    .executeTakeFirst();
}

/** S2: links (or, with null, unlinks). A namespace held elsewhere fails with a unique violation. */
export function setNamespace(tx: Tx, id: string, namespace: string | null, now: Date) {
  return tx
    .updateTable("subscriptions")
    .set({ namespace, namespace_linked_at: namespace === null ? null : now, updated_at: now })
    .where("id", "=", id)
    .returning(SUBSCRIPTION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** S4: a new code; the old one stops working at once. */
export function replaceActivationCode(tx: Tx, id: string, now: Date) {
  return tx
    .updateTable("subscriptions")
    .set({ activation_code: newActivationCode(), updated_at: now })
    .where("id", "=", id)
    .returning(SUBSCRIPTION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** S4: binds the subscription to an instance (null releases it). */
export function setActivation(tx: Tx, id: string, instanceId: string | null, now: Date) {
  return tx
    .updateTable("subscriptions")
    .set({ activation_instance_id: instanceId, activated_at: instanceId === null ? null : now, updated_at: now })
    .where("id", "=", id)
    .returning(SUBSCRIPTION_COLUMNS)
    .executeTakeFirstOrThrow();
}
