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
import type { WriteScope } from "../change/write-scope.js";
import { type Arg, precompiledQuery } from "../fast-path/precompiled.js";
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

function batchOf(scope: WriteScope): Batch {
  const batch = batches.get(scope);
  // A scope comes from a pipeline, which collects until the change ends: this is a scope used
  // after its change ended (kept past `decide`), a bug.
  if (!batch) throw new Error("a write scope was used after its change ended");
  return batch;
}

/** Runs `query` at the end of the change, with the scope's other deferred writes. */
export async function deferWrite(scope: WriteScope, query: Compilable | CompiledQuery): Promise<void> {
  batchOf(scope).queries.push(compiled(query));
}

/**
 * Inserts `row` at the end of the change. The rows deferred for one table go out as one INSERT in
 * the order they were given: the statements of one batch run in no defined order, but the rows of
 * one VALUES list do.
 */
export async function deferInsert<T extends keyof Database>(
  scope: WriteScope,
  table: T,
  row: Insertable<Database[T]>,
): Promise<void> {
  const batch = batchOf(scope);
  const rows = batch.rows.get(table) ?? [];
  rows.push(row as Insertable<Database[keyof Database]>);
  batch.rows.set(table, rows);
}

/**
 * Makes the writes `scope` collects conditional on `guard`, a data-modifying query that returns
 * the rows it changed (e.g. `update … set version = version + 1 where … and version = $n
 * returning id`): when it changes none, the whole statement fails with serialization_failure
 * (40001) and nothing collected is written. Set by `changeOptimistically` (fast-path/), which
 * asks every plan for its guard.
 */
export function guardWrites(scope: WriteScope, guard: Compilable | CompiledQuery): void {
  batchOf(scope).guard = compiled(guard);
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
  const all = guard ? [guard, ...queries] : queries;
  const parameters = all.flatMap((query) => query.parameters);
  return CompiledQuery.raw(combinedSql(all, guard !== null), parameters);
}

type CombinedShape = { next: Map<string, CombinedShape>; sql: string | null };
const combinedShapes = { guarded: newShape(), unguarded: newShape() };
/** Texts kept at most: the code's own changes make a few dozen; past this, texts are built each time. */
const MAX_SHAPES = 2000;
let shapeCount = 0;

/**
 * The combined text for these statements, built once per sequence of texts: a change sends the
 * same few texts every time (precompiled, or pg-boss's own constant), so the renumbering and the
 * joining are done at its first use, and the pool finds the statement's name for the same string.
 */
function combinedSql(all: readonly CompiledQuery[], guarded: boolean): string {
  let shape = guarded ? combinedShapes.guarded : combinedShapes.unguarded;
  for (const query of all) {
    let next = shape.next.get(query.sql);
    if (!next) {
      if (shapeCount >= MAX_SHAPES) return renumberedSql(all, guarded);
      next = newShape();
      shape.next.set(query.sql, next);
      shapeCount++;
    }
    shape = next;
  }
  shape.sql ??= renumberedSql(all, guarded);
  return shape.sql;
}

function newShape(): CombinedShape {
  return { next: new Map(), sql: null };
}

function renumberedSql(all: readonly CompiledQuery[], guarded: boolean): string {
  let offset = 0;
  const parts = all.map((query, i) => {
    const at = offset;
    offset += query.parameters.length;
    const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + at}`);
    if (guarded) return i === 0 ? `g as (${text})` : `w${i - 1} as (${text})`;
    return `w${i} as (${text})`;
  });
  const select = guarded ? "select billfold_require_unchanged((select count(*) from g))" : "select 1";
  return `with ${parts.join(", ")} ${select}`;
}

/**
 * The multi-row INSERT for one table's deferred rows. Rows of plain values (the common case: an
 * audit event) reuse the text precompiled for the same table, columns and number of rows; only
 * the values are new.
 */
function insertRows(executor: Executor, table: keyof Database, rows: Record<string, unknown>[]): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const plain = rows.every(
    (row) => Object.keys(row).length === columns.length && columns.every((column) => isPlainValue(row[column])),
  );
  const build = (db: Executor, values: Record<string, unknown>[]) =>
    db.insertInto(table).values(values as Insertable<Database[keyof Database]>[]);
  if (!plain) return build(executor, rows).compile();
  const key = `${table}\u0000${rows.length}\u0000${columns.join("\u0000")}`;
  let insert = insertShapes.get(key);
  if (!insert) {
    if (insertShapes.size >= MAX_SHAPES) return build(executor, rows).compile();
    // One argument per cell, row by row: the values list the precompiled text expects.
    const count = rows.length;
    const rowsOf = (cells: unknown[]) =>
      Array.from({ length: count }, (_, r) =>
        Object.fromEntries(columns.map((column, c) => [column, cells[r * columns.length + c]])),
      );
    insert = precompiledQuery((db: Executor, ...cells: Arg[]) => build(db, rowsOf(cells)));
    insertShapes.set(key, insert);
  }
  return insert(executor, ...(rows.flatMap((row) => columns.map((column) => row[column])) as Arg[]));
}

const insertShapes = new Map<string, (db: Executor, ...cells: Arg[]) => CompiledQuery>();

const isPlainValue = (value: unknown) =>
  value === null || value instanceof Date || ["string", "number", "boolean"].includes(typeof value);

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
  for (const [table, rows] of batch.rows) queries.push(insertRows(executor, table, rows as Record<string, unknown>[]));
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
 * A handle of one's own on the same pool, for a change without a transaction (fast-path/): the
 * writes it collects are not another request's.
 */
export function ownHandle(db: Executor): Executor {
  return db.withPlugin(OWN_HANDLE);
}

/**
 * Runs `work` with `executor` collecting deferred writes, then sends them as one statement. If
 * `work` or the writes fail, nothing collected is kept (the caller's transaction rolls back).
 * For the pipelines (change/, fast-path/), which hand `executor` to the service as its scope.
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
