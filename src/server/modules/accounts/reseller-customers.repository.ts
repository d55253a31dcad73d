// R2: the channels of the billing accounts a user manages, to tell whether they are a reseller customer.
import type { Db } from "../../platform/db/client.js";

export function listAccountChannelsOfManager(db: Db, userId: string) {
  return db
    .selectFrom("billing_account_managers as m")
    .innerJoin("billing_accounts as a", "a.id", "m.billing_account_id")
    .select(["a.channel", "a.reseller_name"])
    .where("m.user_id", "=", userId)
    .execute();
}
