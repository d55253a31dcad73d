// Writes that nothing reads back before the transaction ends (audit events, queued mail, a state
// change already decided) are collected and sent at the end as ONE
// statement of data-modifying CTEs. On this stack a write costs about what its round trips cost
// (docs/decisions/004-writes-in-fewer-round-trips.md), and a change, its job and its event then
// travel together.
//
// The statements of one batch see the same snapshot and not each other's changes, so only
// independent writes may be deferred: no two on the same row, none whose result (or error) the
// code needs before the end. An error in one of them (a foreign key, say) surfaces at the end,
// inside the transaction, and rolls everything back as before.
import { type Compilable, CompiledQuery, type Insertable, type Kysely, type KyselyPlugin } from "kysely";
import type { Database } from "./schema.js";

type Executor = Kysely<Database>;

type Batch = {
  /** A write that must change a row for the others to happen (`guardWrites`). */
  guard: CompiledQuery | null;
  queries: CompiledQuery[];
  /** Rows for one table become one multi-row INSERT, so they keep their order (ids, serials). */
  rows: Map<keyof Database, Insertable<Database[keyof Database]>[]>;
};

const batches = new WeakMap<Executor, Batch>();

function compiled(query: Compilable | CompiledQuery): CompiledQuery {
  return "compile" in query ? query.compile() : query;
}

/**
 * Runs `query` at the end of `executor`'s transaction when it collects writes (`inTransaction`,
 * `inOneStatement`); otherwise now.
 */
export async function deferWrite(executor: Executor, query: Compilable | CompiledQuery): Promise<void> {
  const batch = batches.get(executor);
  if (batch) batch.queries.push(compiled(query));
  else await executor.executeQuery(compiled(query));
}

/**
 * Inserts `row` at the end of `executor`'s transaction when it collects writes, otherwise now.
 * The rows deferred for one table go out as one INSERT in the order they were given: the
 * statements of one batch run in no defined order, but the rows of one VALUES list do.
 */
export async function deferInsert<T extends keyof Database>(
  executor: Executor,
  table: T,
  row: Insertable<Database[T]>,
): Promise<void> {
  const batch = batches.get(executor);
  if (!batch) {
    await executor.insertInto(table).values(row).execute();
    return;
  }
  const rows = batch.rows.get(table) ?? [];
  rows.push(row as Insertable<Database[keyof Database]>);
  batch.rows.set(table, rows);
}

/**
 * Makes the writes `executor` collects conditional on `guard`, a data-modifying query that
 * returns the rows it changed (e.g. `update … set version = version + 1 where … and version = $n
 * returning id`): when it changes none, the whole statement fails with serialization_failure
 * (40001) and nothing collected is written. Outside a collecting handle it throws: a guard that
 * guards nothing would be a bug.
 */
export function guardWrites(executor: Executor, guard: Compilable | CompiledQuery): void {
  const batch = batches.get(executor);
  if (!batch) throw new Error("guardWrites needs a handle that collects writes (inOneStatement, inTransaction)");
  batch.guard = compiled(guard);
}

/**
 * `with w0 as (…), w1 as (…) select 1`: PostgreSQL runs every data-modifying CTE exactly once,
 * whether or not the final select reads it. Placeholders are renumbered; the statements must not
 * contain `$n` inside string literals (ours and pg-boss's do not; tested).
 *
 * With a guard: `with g as (…), w0 as (…) select billfold_require_unchanged((select count(*) from
 * g))`. The final select reads only the guard, so PostgreSQL runs the guard first, while it
 * computes the select, and the other CTEs after it (unread data-modifying CTEs are run to
 * completion once the main query has finished); if the guard changed nothing the function raises
 * 40001 before any of them has run, and the statement as a whole is undone (tested, both engines).
 */
export function combineWrites(queries: readonly CompiledQuery[], guard: CompiledQuery | null = null): CompiledQuery {
  if (queries.length === 1 && !guard) return queries[0]!;
  const parameters: unknown[] = [];
  const renumbered = (query: CompiledQuery) => {
    const offset = parameters.length;
    parameters.push(...query.parameters);
    return query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  const parts = guard ? [`g as (${renumbered(guard)})`] : [];
  for (const [i, query] of queries.entries()) parts.push(`w${i} as (${renumbered(query)})`);
  const select = guard ? "select billfold_require_unchanged((select count(*) from g))" : "select 1";
  return CompiledQuery.raw(`with ${parts.join(", ")} ${select}`, parameters);
}

/** Starts collecting `executor`'s deferred writes. */
function collectWrites(executor: Executor): void {
  batches.set(executor, { guard: null, queries: [], rows: new Map() });
}

/** Sends the collected writes, if any, as one statement, and stops collecting. */
async function flushWrites(executor: Executor): Promise<void> {
  const batch = batches.get(executor);
  batches.delete(executor);
  if (!batch) return;
  const queries = [...batch.queries];
  for (const [table, rows] of batch.rows) queries.push(executor.insertInto(table).values(rows).compile());
  // A guard alone protects nothing: with no writes there is nothing to send.
  if (queries.length > 0) await executor.executeQuery(combineWrites(queries, batch.guard));
}

/** Drops what was collected (the transaction failed). */
function discardWrites(executor: Executor): void {
  batches.delete(executor);
}

/** A plugin that changes nothing: `withPlugin` is Kysely's cheap way to get a handle of one's own. */
const OWN_HANDLE: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => args.result,
};

/**
 * For a change that needs no lock: reads run as they come, and the writes go out together at the
 * end as one statement — atomic like any single statement, without BEGIN and COMMIT. The handle
 * given to `work` is the caller's own (same pool), so other requests' writes are not collected.
 */
export function inOneStatement<T>(db: Executor, work: (db: Executor) => Promise<T>): Promise<T> {
  return withDeferredWrites(db.withPlugin(OWN_HANDLE), work);
}

/**
 * Runs `work` with `executor` collecting deferred writes, then sends them as one statement. If
 * `work` or the writes fail, nothing collected is kept (the caller's transaction rolls back).
 */
export async function withDeferredWrites<E extends Executor, T>(
  executor: E,
  work: (executor: E) => Promise<T>,
): Promise<T> {
  collectWrites(executor);
  try {
    const result = await work(executor);
    await flushWrites(executor);
    return result;
  } finally {
    discardWrites(executor);
  }
}
