// Issue 14: the one change pipeline and its fast variant. A change's event and mail commit with it
// (E1, AU1); an effect outside the database runs once per request even when the fast path loses
// a race and decides again (the `once` step: a rate-limit hit today, a gateway charge tomorrow).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent, systemMeta } from "../../../src/server/modules/audit/index.js";
import { change } from "../../../src/server/platform/change/change.js";
import type { Db } from "../../../src/server/platform/db/client.js";
import { changeOptimistically } from "../../../src/server/platform/fast-path/optimistic-change.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { uniqueEmail } from "../../factories/users.js";
import { eventActions, mailJobsTo } from "../../setup/inspect.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

const actionsFor = (subjectId: string) => eventActions(t.db, subjectId);
const versionOf = async (accountId: string) =>
  (await t.db.selectFrom("billing_accounts").select("version").where("id", "=", accountId).executeTakeFirstOrThrow())
    .version;
const bumpVersion = (db: Db, accountId: string) =>
  db
    .updateTable("billing_accounts")
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", accountId);

describe("change: lock, decide, write in one transaction", () => {
  it("hands decide what the lock returned, and commits the event and the mail with the change", async () => {
    const { account } = await accountWithManagers(t, 0);
    const subject = randomUUID();
    const to = uniqueEmail("pipeline");
    const locked = await change(t.db, {
      lock: (tx) =>
        tx
          .selectFrom("billing_accounts")
          .select("company_name")
          .where("id", "=", account.id)
          .forUpdate()
          .executeTakeFirstOrThrow(),
      decide: async (scope, row) => {
        await recordEvent(scope, systemMeta, { action: "test.changed", subjectType: "test", subjectId: subject });
        await t.runtime.outbox.send(scope, { to, subject: "Changed", paragraphs: ["x"] });
        return row.company_name;
      },
    });
    expect(locked).toBe(account.companyName);
    expect(await actionsFor(subject)).toEqual(["test.changed"]);
    expect(await mailJobsTo(t.db, to)).toBe(1);
  });

  it("a refusal in decide leaves no event and no mail", async () => {
    const subject = randomUUID();
    const to = uniqueEmail("refused");
    await expect(
      change(t.db, {
        lock: null,
        decide: async (scope) => {
          await recordEvent(scope, systemMeta, { action: "test.refused", subjectType: "test", subjectId: subject });
          await t.runtime.outbox.send(scope, { to, subject: "Never", paragraphs: ["x"] });
          throw new Error("refused");
        },
      }),
    ).rejects.toThrow("refused");
    expect(await actionsFor(subject)).toEqual([]);
    expect(await mailJobsTo(t.db, to)).toBe(0);
  });
});

describe("changeOptimistically: one read, one guarded write; a lost race is decided again, locked", () => {
  it("runs `once` once and writes once when another change lands between its read and its write", async () => {
    const { account } = await accountWithManagers(t, 0);
    const subject = randomUUID();
    const start = await versionOf(account.id);
    let onceRuns = 0;
    let decisions = 0;
    const decidedOn = await changeOptimistically(t.db, {
      lock: (tx) => tx.selectFrom("billing_accounts").select("id").where("id", "=", account.id).forUpdate().execute(),
      read: (db) =>
        db.selectFrom("billing_accounts").select("version").where("id", "=", account.id).executeTakeFirstOrThrow(),
      once: async () => {
        onceRuns++;
      },
      guard: (db, { version }) => bumpVersion(db, account.id).where("version", "=", version).returning("id"),
      decide: async (scope, { version }) => {
        decisions++;
        // The first time, another change of the account commits right after this read.
        if (decisions === 1) await bumpVersion(t.db, account.id).execute();
        await recordEvent(scope, systemMeta, { action: "test.raced", subjectType: "test", subjectId: subject });
        return version;
      },
    });
    expect(decisions).toBe(2);
    expect(onceRuns).toBe(1);
    // Decided again on what the lock let it read: the other change's version.
    expect(decidedOn).toBe(start + 1);
    expect(await actionsFor(subject)).toEqual(["test.raced"]);
    // The other change, then this one's guard.
    expect(await versionOf(account.id)).toBe(start + 2);
  });
});
