// AU1: the events table is append-only; the database itself refuses UPDATE, DELETE and TRUNCATE.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent, systemMeta } from "../../../src/server/modules/audit/index.js";
import { change } from "../../../src/server/platform/change/change.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

describe("events table", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, even from the application's own connection", async () => {
    await change(t.db, {
      lock: null,
      decide: (scope) =>
        recordEvent(scope, systemMeta, { action: "test.appended", subjectType: "test", summary: { n: 1 } }),
    });
    const before = await t.db.selectFrom("events").select(["id", "action"]).orderBy("id").execute();
    await expect(sql`update events set action = 'rewritten'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from events`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate events`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await t.db.selectFrom("events").select(["id", "action"]).orderBy("id").execute()).toEqual(before);
  });
});
