// B7: the subscriptions a renewal run looks at, a page at a time (keyset on term end and id), so a
// run over 100,000 due subscriptions never holds them all in memory.
import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import { SUBSCRIPTION_COLUMNS } from "./subscriptions.repository.js";

export function listDueSubscriptions(
  db: Db,
  input: { horizon: string; after: { termEnd: string; id: string } | null; limit: number; accountId?: string },
) {
  let query = db
    .selectFrom("subscriptions")
    .select(SUBSCRIPTION_COLUMNS)
    .where("status", "in", ["active", "past_due"])
    .where("invoice_owner", "=", "account")
    .where("term_end", "<=", input.horizon)
    .orderBy("term_end")
    .orderBy("id")
    .limit(input.limit);
  if (input.accountId) query = query.where("billing_account_id", "=", input.accountId);
  const after = input.after;
  if (after) query = query.where(sql<boolean>`(term_end, id) > (${after.termEnd}::date, ${after.id}::uuid)`);
  return query.execute();
}
