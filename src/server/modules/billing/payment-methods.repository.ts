// B1, B2: cards on file. Kysely only; explicit columns.
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";

type Executor = Db | Tx;

export const PAYMENT_METHOD_COLUMNS = [
  "id",
  "billing_account_id",
  "gateway_token",
  "brand",
  "last4",
  "exp_month",
  "exp_year",
  "holder_name",
  "is_default",
  "created_at",
] as const;

export function listPaymentMethods(db: Executor, accountId: string) {
  return (
    db
      .selectFrom("payment_methods")
      .select(PAYMENT_METHOD_COLUMNS)
      .where("billing_account_id", "=", accountId)
      // The default first, as a customer looks for it; then oldest first.
      .orderBy("is_default", "desc")
      .orderBy("created_at")
      .orderBy("id")
      .execute()
  );
}

export type PaymentMethodRow = Awaited<ReturnType<typeof listPaymentMethods>>[number];

export function findPaymentMethod(db: Executor, accountId: string, id: string) {
  return db
    .selectFrom("payment_methods")
    .select(PAYMENT_METHOD_COLUMNS)
    .where("billing_account_id", "=", accountId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findDefaultPaymentMethod(db: Executor, accountId: string) {
  return db
    .selectFrom("payment_methods")
    .select(PAYMENT_METHOD_COLUMNS)
    .where("billing_account_id", "=", accountId)
    .where("is_default", "=", true)
    .executeTakeFirst();
}

export function insertPaymentMethod(
  tx: Tx,
  values: {
    accountId: string;
    token: string;
    brand: string;
    last4: string;
    expMonth: number;
    expYear: number;
    holderName: string;
    isDefault: boolean;
  },
) {
  return tx
    .insertInto("payment_methods")
    .values({
      billing_account_id: values.accountId,
      gateway: "sandbox",
      gateway_token: values.token,
      brand: values.brand,
      last4: values.last4,
      exp_month: values.expMonth,
      exp_year: values.expYear,
      holder_name: values.holderName,
      is_default: values.isDefault,
    })
    .returning(PAYMENT_METHOD_COLUMNS)
    .executeTakeFirstOrThrow();
}

export function updatePaymentMethod(
  tx: Tx,
  id: string,
  set: { holder_name?: string; exp_month?: number; exp_year?: number },
) {
  return tx
    .updateTable("payment_methods")
    .set(set)
    .where("id", "=", id)
    .returning(PAYMENT_METHOD_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** B2: the old default stops being one before the new one becomes it (the partial unique index). */
export async function makeDefault(tx: Tx, accountId: string, id: string): Promise<void> {
  await tx
    .updateTable("payment_methods")
    .set({ is_default: false })
    .where("billing_account_id", "=", accountId)
    .where("is_default", "=", true)
    .where("id", "!=", id)
    .execute();
  await tx.updateTable("payment_methods").set({ is_default: true }).where("id", "=", id).execute();
}

export function deletePaymentMethod(tx: Tx, id: string) {
  return tx.deleteFrom("payment_methods").where("id", "=", id).execute();
}
