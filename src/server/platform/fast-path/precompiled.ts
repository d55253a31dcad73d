// Hot queries built once: the query builder runs at first use with sentinel parameters, and every
// later call only swaps the real values in (docs/decisions/003-performance.md, 006). For queries
// whose shape never depends on their arguments (no optional clauses, no IN lists, no branching on
// a value): an argument that may be null must reach the query as a parameter whatever its value.
//
// A builder that branches on an argument would silently keep the shape of its first call. Outside
// production every call therefore builds the query again with the real arguments and throws if
// its SQL differs (precompiled.test.ts); the tests run every precompiled query this way.
import { type Compilable, CompiledQuery } from "kysely";
import type { Db } from "../db/client.js";

/** Rebuild and compare at every call: on in development and tests, off where speed is measured. */
const CHECK_SHAPES = process.env.NODE_ENV !== "production";

export type Arg = string | number | boolean | Date | null;

/** A value no caller passes, standing for argument `i` while the query is built. */
function sentinel(value: Arg, i: number): string | number | Date {
  // A boolean stands in as a string: any value the builder turns into one parameter will do.
  if (value instanceof Date) return new Date(-1 - i);
  if (typeof value === "number") return Number.MIN_SAFE_INTEGER + i;
  return `\u0000arg${i}`;
}

/**
 * Wraps `build(db, ...args)` so its SQL is compiled once and the same SQL string is returned on
 * every call (the pool's statement names and `combineWrites`' cache then find it without hashing
 * the text again). Each argument must reach the query as exactly one parameter.
 */
export function precompiledQuery<A extends Arg[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => CompiledQuery<R> {
  let compiled: { sql: string; slots: (number | { value: unknown })[] } | null = null;
  return (db, ...args) => {
    if (!compiled) {
      const sentinels = args.map(sentinel) as A;
      const query = build(db, ...sentinels).compile();
      const slots = query.parameters.map((p) => {
        const i = sentinels.findIndex((s) => (s instanceof Date ? s === p : s === p));
        return i >= 0 ? i : { value: p };
      });
      const used = new Set(slots.filter((slot) => typeof slot === "number"));
      if (used.size !== args.length) {
        throw new Error(`precompiledQuery: ${args.length - used.size} argument(s) did not become a parameter`);
      }
      compiled = { sql: query.sql, slots };
    }
    if (CHECK_SHAPES && build(db, ...args).compile().sql !== compiled.sql) {
      throw new Error(
        "precompiledQuery: the builder's SQL depends on its arguments (a branch on a parameter); write one builder per shape",
      );
    }
    const parameters = compiled.slots.map((slot) => (typeof slot === "number" ? args[slot] : slot.value));
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>;
  };
}

/** `precompiledQuery`, executed: the rows it returns. */
export function precompiled<A extends Arg[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => Promise<R[]> {
  const query = precompiledQuery(build);
  return async (db, ...args) => (await db.executeQuery(query(db, ...args))).rows;
}

/** `precompiled`, for a query that finds at most one row: that row, or undefined. */
export function precompiledFirst<A extends Arg[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => Promise<R | undefined> {
  const rows = precompiled(build);
  return async (db, ...args) => (await rows(db, ...args))[0];
}
