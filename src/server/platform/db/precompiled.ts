// Hot queries built once: the query builder runs at first use with sentinel parameters, and every
// later call only swaps the real values in (docs/decisions/003-performance.md). For queries whose
// shape never depends on their arguments (no optional clauses, no IN lists).
import { type Compilable, CompiledQuery } from "kysely";
import type { Db } from "./client.js";

type Arg = string | Date;

/**
 * Wraps `build(db, ...args)` so its SQL is compiled once. Each argument must reach the query as
 * exactly one parameter (a string or a Date); the sentinels identify them in the compiled list.
 */
export function precompiled<A extends Arg[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => Promise<R[]> {
  let compiled: { sql: string; slots: (number | { value: unknown })[] } | null = null;
  return async (db, ...args) => {
    if (!compiled) {
      const sentinels = args.map((a, i) => (a instanceof Date ? new Date(-1 - i) : `\u0000arg${i}`)) as A;
      const query = build(db, ...sentinels).compile();
      compiled = {
        sql: query.sql,
        slots: query.parameters.map((p) => {
          const i = sentinels.findIndex((s) => (s instanceof Date ? s === p : s === p));
          return i >= 0 ? i : { value: p };
        }),
      };
    }
    const parameters = compiled.slots.map((slot) => (typeof slot === "number" ? args[slot] : slot.value));
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
