// E1, AU1: an audit event, a queued mail and a deferred write need a write scope, and only the
// change pipelines hand one out (`change` beside this file, `changeOptimistically` and
// `changeInOneStatement` in ../fast-path/). The pool handle (`Db`) or a bare transaction does not
// compile where a scope is asked for, so an event or a mail cannot go out beside the change it
// belongs to, and commits with it or not at all. tests/types/write-scope.test-d.ts proves it.
import type { Db } from "../db/client.js";
import type { Tx } from "../db/transaction.js";

declare const writeScopeBrand: unique symbol;
type Branded = { readonly [writeScopeBrand]: true };

/** A handle whose writes commit with the change, or not at all (the fast path's is not a transaction). */
export type WriteScope = Db & Branded;

/** The default pipeline's scope: a transaction, so rows can be locked and read back too. */
export type TxScope = Tx & Branded;

/**
 * The pipelines' own step: `handle` collects deferred writes and ends with the change. No other
 * file may call it (tests/integration/platform/boundaries.test.ts).
 */
export function asWriteScope<H extends Db>(handle: H): H & Branded {
  return handle as H & Branded;
}
