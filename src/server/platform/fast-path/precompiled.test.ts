import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Db } from "../db/client.js";
import type { Database } from "../db/schema.js";
import { precompiledQuery } from "./precompiled.js";

// Compiles only: the dummy driver never reaches a database.
const db: Db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe("precompiledQuery", () => {
  const guard = precompiledQuery((k: Db, id: string, version: number) =>
    k
      .updateTable("billing_accounts")
      .set({ version: sql<number>`version + 1` })
      .where("id", "=", id)
      .where("version", "=", version)
      .returning("id"),
  );

  it("builds the SQL once and only puts each call's values in", () => {
    const first = guard(db, "a", 3);
    const second = guard(db, "b", 0);
    expect(second.sql).toBe(first.sql);
    expect(first.parameters).toEqual(["a", 3]);
    expect(second.parameters).toEqual(["b", 0]);
    expect(second.sql).toBe(
      db
        .updateTable("billing_accounts")
        .set({ version: sql<number>`version + 1` })
        .where("id", "=", "b")
        .where("version", "=", 0)
        .returning("id")
        .compile().sql,
    );
  });

  it("keeps constants of the query and repeats an argument used twice", () => {
    const query = precompiledQuery((k: Db, id: string, at: Date, by: string | null) =>
      k
        .updateTable("billing_account_invitations")
        .set({ state: "accepted", accepted_by_user_id: by, resolved_at: at })
        .where("id", "=", id)
        .where("expires_at", ">", at),
    );
    const at = new Date("2026-11-30T00:00:00Z");
    expect(query(db, "i", at, null).parameters).toEqual(["accepted", null, at, "i", at]);
    expect(query(db, "j", at, "u").parameters).toEqual(["accepted", "u", at, "j", at]);
  });

  it("refuses a query whose shape hides an argument (it would be compiled into the text)", () => {
    const broken = precompiledQuery((k: Db, id: string, _unused: string) =>
      k.selectFrom("users").select("id").where("id", "=", id),
    );
    expect(() => broken(db, "a", "b")).toThrow(/did not become a parameter/);
  });

  it("refuses a builder that branches on an argument: the first call's shape would be kept", () => {
    // Before issue 14, resolveInvitationQuery did this: an "accepted" call after a "declined" one
    // would have lost its expiry test.
    const branching = precompiledQuery((k: Db, id: string, to: "accepted" | "declined") => {
      const query = k.updateTable("billing_account_invitations").set({ state: to }).where("id", "=", id);
      return to === "accepted" ? query.where("expires_at", ">", new Date(0)) : query;
    });
    expect(branching(db, "i", "declined").parameters).toEqual(["declined", "i"]);
    expect(() => branching(db, "j", "accepted")).toThrow(/depends on its arguments/);
  });
});
