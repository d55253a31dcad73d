import { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import { combineWrites } from "./deferred-writes.js";

describe("combineWrites", () => {
  it("leaves a single statement as it is", () => {
    const only = CompiledQuery.raw("insert into t (a) values ($1)", [1]);
    expect(combineWrites([only])).toBe(only);
  });

  it("numbers each statement's placeholders after the previous ones' and keeps every parameter", () => {
    const combined = combineWrites([
      CompiledQuery.raw("insert into t (a, b) values ($1, $2)", ["a", "b"]),
      CompiledQuery.raw("update u set x = $1 where id = $2 and y = $1", ["x", 7]),
      CompiledQuery.raw("delete from v where id = $1", [10]),
    ]);
    expect(combined.sql).toBe(
      "with w0 as (insert into t (a, b) values ($1, $2)), " +
        "w1 as (update u set x = $3 where id = $4 and y = $3), " +
        "w2 as (delete from v where id = $5) select 1",
    );
    expect(combined.parameters).toEqual(["a", "b", "x", 7, 10]);
  });

  it("renumbers two-digit placeholders as numbers, not digit by digit", () => {
    const many = Array.from({ length: 12 }, (_, i) => i);
    const sql = `insert into t values (${many.map((i) => `$${i + 1}`).join(", ")})`;
    const combined = combineWrites([CompiledQuery.raw("select $1", [0]), CompiledQuery.raw(sql, many)]);
    expect(combined.sql).toContain("$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    expect(combined.parameters).toHaveLength(13);
  });

  it("with a guard: the guard comes first and the final select fails unless it changed a row", () => {
    const combined = combineWrites(
      [CompiledQuery.raw("insert into t (a) values ($1)", ["a"])],
      CompiledQuery.raw("update accounts set version = version + 1 where id = $1 and version = $2 returning id", [
        "acc",
        3,
      ]),
    );
    expect(combined.sql).toBe(
      "with g as (update accounts set version = version + 1 where id = $1 and version = $2 returning id), " +
        "w0 as (insert into t (a) values ($3)) select billfold_require_unchanged((select count(*) from g))",
    );
    expect(combined.parameters).toEqual(["acc", 3, "a"]);
  });
});

describe("combineWrites' cache", () => {
  const insert = (value: string) => CompiledQuery.raw("insert into t (a) values ($1)", [value]);
  const guard = (version: number) =>
    CompiledQuery.raw("update accounts set version = version + 1 where id = $1 and version = $2 returning id", [
      "acc",
      version,
    ]);

  it("returns the same text for the same statements, with each call's parameters", () => {
    const first = combineWrites([insert("a"), insert("b")], guard(1));
    const second = combineWrites([insert("c"), insert("d")], guard(2));
    expect(second.sql).toBe(first.sql);
    expect(second.parameters).toEqual(["acc", 2, "c", "d"]);
  });

  it("keeps guarded and unguarded combinations of the same statements apart", () => {
    const guarded = combineWrites([insert("a")], guard(1));
    const unguarded = combineWrites([guard(1), insert("a")]);
    expect(guarded.sql).toContain("select billfold_require_unchanged(");
    expect(unguarded.sql).toMatch(/select 1$/);
    expect(unguarded.parameters).toEqual(guarded.parameters);
  });
});
