// S1: subscriptions belong to a billing account. Kysely only; explicit columns.
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import { newActivationCode } from "../../platform/licensing/activation-code.js";

type Executor = Db | Tx;

export const SUBSCRIPTION_COLUMNS = [
  "id",
  "subscription_number",
  "billing_account_id",
  "plan_id",
  "plan_name",
  "deployment",
  "seats",
  "storage_packs",
  "currency",
  "term_start",
  "term_end",
  "status",
  "auto_renew",
  "invoice_owner",
  "reseller_name",
  "renewal_failures",
  "last_renewal_decline",
  "reminder_30_sent_for",
  "reminder_7_sent_for",
  "namespace",
  "activation_code",
  "activation_instance_id",
  "activated_at",
] as const;

export function listSubscriptions(db: Executor, accountId: string) {
  return db
    .selectFrom("subscriptions")
    .select(SUBSCRIPTION_COLUMNS)
    .where("billing_account_id", "=", accountId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

export type SubscriptionRow = Awaited<ReturnType<typeof listSubscriptions>>[number];

export function findSubscription(db: Executor, id: string) {
  return db.selectFrom("subscriptions").select(SUBSCRIPTION_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export function lockSubscription(tx: Tx, id: string) {
  return tx
    .selectFrom("subscriptions")
    .select(SUBSCRIPTION_COLUMNS)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export function insertSubscription(
  tx: Tx,
  values: {
    accountId: string;
    planId: string;
    planName: string;
    deployment: "saas" | "self_managed";
    seats: number;
    currency: string;
    termStart: string;
    termEnd: string;
  },
) {
  return tx
    .insertInto("subscriptions")
    .values({
      billing_account_id: values.accountId,
      plan_id: values.planId,
      plan_name: values.planName,
      deployment: values.deployment,
      seats: values.seats,
      currency: values.currency,
      term_start: values.termStart,
      term_end: values.termEnd,
      // S4: every self-managed subscription has its code from the start (a check constraint).
      activation_code: values.deployment === "self_managed" ? newActivationCode() : null,
    })
    .returning(SUBSCRIPTION_COLUMNS)
    .executeTakeFirstOrThrow();
}

export function updateSubscription(
  tx: Tx,
  id: string,
  set: Partial<{
    seats: number;
    storage_packs: number;
    auto_renew: boolean;
    status: "active" | "past_due" | "expired" | "cancelled";
    term_start: string;
    term_end: string;
    renewal_failures: number;
    last_renewal_decline: string | null;
    reminder_30_sent_for: string | null;
    reminder_7_sent_for: string | null;
  }>,
) {
  return tx
    .updateTable("subscriptions")
    .set({ ...set, updated_at: new Date() })
    .where("id", "=", id)
    .returning(SUBSCRIPTION_COLUMNS)
    .executeTakeFirstOrThrow();
}
