// The one way to change data (docs/decisions/010-one-change-pipeline.md, DESIGN.md Architecture):
// a transaction that takes its row lock first, then lets the service read and decide, and writes
// the change, its audit event (AU1) and its mail (E1) through the scope it hands out, so they
// commit together or not at all.
//
// `decide` runs once: the transaction is not retried, so an effect outside the database happens
// once per request. It does not roll back with the change, though: a rate-limit hit may sit in
// `decide`; anything that must not outlive a refused change (a gateway charge) goes before or
// after `change(…)`, keyed so that it can be matched to the change. The hot routes use the faster
// variants in ../fast-path/, behind the same scope.
import type { Db } from "../db/client.js";
import { withDeferredWrites } from "../db/deferred-writes.js";
import type { Tx } from "../db/transaction.js";
import { asWriteScope, type TxScope } from "./write-scope.js";

export type ChangePlan<L, T> = {
  /**
   * The row lock taken before anything is read (`select … for update`), so what `decide` reads
   * cannot change under it. `null` only for a change no concurrent change can spoil (a new row, a
   * session of one's own): say why beside it.
   */
  lock: ((tx: Tx) => Promise<L>) | null;
  /** Reads through `scope`, throws an AppError to refuse (nothing is written), writes, records, mails. */
  decide: (scope: TxScope, locked: L) => Promise<T>;
};

/** Runs one change in one transaction: lock, decide, write; commits, or on any error rolls back. */
export function change<L, T>(db: Db, plan: ChangePlan<L, T>): Promise<T> {
  return db.transaction().execute((tx) =>
    withDeferredWrites(asWriteScope(tx), async (scope) => {
      const locked = plan.lock ? await plan.lock(scope) : (undefined as L);
      return plan.decide(scope, locked);
    }),
  );
}
