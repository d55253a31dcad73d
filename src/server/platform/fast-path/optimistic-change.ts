// The fast variants of `change` (../change/change.ts), for the benchmarked hot routes only
// (README.md beside this file). Same scope, same rules: the writes, the event (AU1) and the mail
// (E1) commit together or not at all.
import type { Compilable, CompiledQuery } from "kysely";
import { change } from "../change/change.js";
import { asWriteScope, type WriteScope } from "../change/write-scope.js";
import type { Db } from "../db/client.js";
import { guardWrites, ownHandle, withDeferredWrites } from "../db/deferred-writes.js";
import { pgErrorCode, type Tx } from "../db/transaction.js";

export type OptimisticPlan<C, T> = {
  /** The row lock the second attempt takes before it reads again (the default pipeline's lock). */
  lock: (tx: Tx) => Promise<unknown>;
  /** One statement: everything `decide` needs, the version `guard` tests included. */
  read: (db: Db) => Promise<C>;
  /**
   * Effects outside the database (a rate-limit hit; a gateway charge), on the first read's
   * context: run exactly once per request, never again when the change is decided a second time.
   */
  once?: (context: C) => Promise<void>;
  /** Throws an AppError to refuse; defers its writes, event and mail to `scope`. */
  decide: (scope: WriteScope, context: C) => Promise<T>;
  /**
   * The data-modifying query the writes are conditional on (`update … set version = version + 1
   * where … and version = <read> returning id`): required, so no write goes out unguarded.
   */
  guard: (db: Db, context: C) => Compilable | CompiledQuery;
};

/**
 * A change without a transaction (docs/decisions/005): one read, then the writes as one statement
 * guarded by what was read. If another change came in between, the guard fails the statement
 * (40001) and nothing is written; the change is then read and decided again through `change`,
 * after `lock`, where nothing can overtake it. `once` has run by then and is not run again.
 */
export async function changeOptimistically<C, T>(db: Db, plan: OptimisticPlan<C, T>): Promise<T> {
  try {
    return await withDeferredWrites(asWriteScope(ownHandle(db)), async (scope) => {
      const context = await plan.read(scope);
      if (plan.once) await plan.once(context);
      return decideGuarded(scope, plan, context);
    });
  } catch (error) {
    if (pgErrorCode(error) !== "40001") throw error;
  }
  return change(db, {
    lock: plan.lock,
    decide: async (scope) => decideGuarded(scope, plan, await plan.read(scope)),
  });
}

async function decideGuarded<C, T>(scope: WriteScope, plan: OptimisticPlan<C, T>, context: C): Promise<T> {
  const result = await plan.decide(scope, context);
  guardWrites(scope, plan.guard(scope, context));
  return result;
}

/**
 * A change no concurrent change can spoil (nothing decided depends on a row staying as read): its
 * reads run as they come and its writes go out together as one statement, atomic like any single
 * statement, without BEGIN and COMMIT (docs/decisions/004). Effects outside the database go
 * before it: it runs once.
 */
export function changeInOneStatement<T>(db: Db, decide: (scope: WriteScope) => Promise<T>): Promise<T> {
  return withDeferredWrites(asWriteScope(ownHandle(db)), decide);
}
