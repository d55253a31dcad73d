// A3–A7: how a change of an account's managers or invitations runs
// (docs/decisions/005-account-changes-in-one-write.md).
//
// First optimistically, without a transaction: one statement reads what the change decides on,
// including the account's version; the code decides; the writes go out as one statement guarded
// by that version. If another change of the account came in between, the guard makes the whole
// statement fail (40001) and nothing is written. The change is then decided again the pessimistic
// way, in a transaction that takes the account row lock before it reads, where nothing can
// overtake it: a busy account costs a retry, never a failed request.
import type { Db } from "../../platform/db/client.js";
import { inOneStatement } from "../../platform/db/deferred-writes.js";
import { inTransaction, pgErrorCode, type Tx } from "../../platform/db/transaction.js";

/**
 * Runs `decide` optimistically, then, if it lost a race, again after `lock(tx)`. `decide` reads
 * through the handle it is given, throws to refuse, and defers its writes behind
 * `guardAccountVersion`. `retried` is true the second time: what it does outside the database (a
 * rate-limit hit) it does only once per request.
 */
export async function changeAccount<T>(
  db: Db,
  lock: (tx: Tx) => Promise<unknown>,
  decide: (db: Db, retried: boolean) => Promise<T>,
): Promise<T> {
  try {
    return await inOneStatement(db, (handle) => decide(handle, false));
  } catch (error) {
    if (pgErrorCode(error) !== "40001") throw error;
  }
  return inTransaction(db, async (tx) => {
    await lock(tx);
    return decide(tx, true);
  });
}
