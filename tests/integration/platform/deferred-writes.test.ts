// Deferred writes (docs/decisions/004): what a transaction defers goes out as one statement before
// COMMIT, or not at all. These tests hold it to the guarantees the services rely on: atomicity
// with the rest of the transaction (AU1, E1), order of events, and errors that still roll back.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent, systemMeta } from "../../../src/server/modules/audit/index.js";
import { change } from "../../../src/server/platform/change/change.js";
import type { WriteScope } from "../../../src/server/platform/change/write-scope.js";
import { deferWrite, guardWrites } from "../../../src/server/platform/db/deferred-writes.js";
import { changeInOneStatement } from "../../../src/server/platform/fast-path/optimistic-change.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { uniqueEmail } from "../../factories/users.js";
import { mailJobsTo } from "../../setup/inspect.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const eventsFor = (subjectId: string, db: typeof t.db = t.db) =>
  db.selectFrom("events").select(["action"]).where("subject_id", "=", subjectId).orderBy("id").execute();

describe("deferred writes", () => {
  it("are written with the transaction: events in the order they were recorded, and the mail job", async () => {
    const subject = randomUUID();
    const to = uniqueEmail("deferred");
    await change(t.db, {
      lock: null,
      decide: async (tx) => {
        for (const action of ["test.first", "test.second", "test.third"]) {
          await recordEvent(tx, systemMeta, { action, subjectType: "test", subjectId: subject });
        }
        // A parameterised write before the job's: pg-boss's placeholders are renumbered after it.
        await deferWrite(
          tx,
          tx.updateTable("users").set({ first_name: "Never matched" }).where("id", "=", randomUUID()),
        );
        await t.runtime.outbox.send(tx, { to, subject: "Deferred and delivered", paragraphs: ["x"] });
        // Nothing is written before the end of the transaction, not even as seen from inside it.
        expect(await eventsFor(subject, tx)).toEqual([]);
      },
    });
    expect((await eventsFor(subject)).map((e) => e.action)).toEqual(["test.first", "test.second", "test.third"]);
    const mail = await t.smtp.waitForMail((m) => m.to === to);
    expect(mail.subject).toBe("Deferred and delivered");
  });

  it("vanish when the transaction fails after them", async () => {
    const subject = randomUUID();
    const to = uniqueEmail("rolled-back");
    await expect(
      change(t.db, {
        lock: null,
        decide: async (tx) => {
          await recordEvent(tx, systemMeta, { action: "test.lost", subjectType: "test", subjectId: subject });
          await t.runtime.outbox.send(tx, { to, subject: "Never", paragraphs: ["x"] });
          throw new Error("the change failed");
        },
      }),
    ).rejects.toThrow("the change failed");
    expect(await eventsFor(subject)).toEqual([]);
    expect(await mailJobsTo(t.db, to)).toBe(0);
  });

  it("roll back the whole transaction, earlier immediate writes included, when one of them fails", async () => {
    const subject = randomUUID();
    const email = uniqueEmail("immediate");
    await expect(
      change(t.db, {
        lock: null,
        decide: async (tx) => {
          await tx.insertInto("users").values({ email, email_key: email.toLowerCase() }).execute();
          await recordEvent(tx, systemMeta, { action: "test.with-bad-write", subjectType: "test", subjectId: subject });
          // A foreign key the database refuses, found only at the end.
          await deferWrite(
            tx,
            tx.insertInto("billing_account_managers").values({
              billing_account_id: randomUUID(),
              user_id: randomUUID(),
              source: "staff",
            }),
          );
        },
      }),
    ).rejects.toMatchObject({ code: "23503" });
    expect(await t.db.selectFrom("users").select("id").where("email_key", "=", email.toLowerCase()).execute()).toEqual(
      [],
    );
    expect(await eventsFor(subject)).toEqual([]);
  });

  it("changeInOneStatement: reads run at once, the writes together and atomically (no BEGIN needed)", async () => {
    const subject = randomUUID();
    const to = uniqueEmail("one-statement");
    // A bad write among good ones: none of them lands.
    await expect(
      changeInOneStatement(t.db, async (db) => {
        await recordEvent(db, systemMeta, { action: "test.one", subjectType: "test", subjectId: subject });
        await t.runtime.outbox.send(db, { to, subject: "Never either", paragraphs: ["x"] });
        await deferWrite(db, db.insertInto("events").values({ actor_type: "nobody" as never, action: "x" } as never));
      }),
    ).rejects.toThrow();
    expect(await eventsFor(subject)).toEqual([]);
    expect(await mailJobsTo(t.db, to)).toBe(0);

    const found = await changeInOneStatement(t.db, async (db) => {
      const row = await db.selectNoFrom(sql<number>`41 + 1`.as("n")).executeTakeFirstOrThrow();
      await recordEvent(db, systemMeta, { action: "test.one", subjectType: "test", subjectId: subject });
      await t.runtime.outbox.send(db, { to, subject: "In one statement", paragraphs: ["x"] });
      return row.n;
    });
    expect(found).toBe(42);
    expect((await eventsFor(subject)).map((e) => e.action)).toEqual(["test.one"]);
    await t.smtp.waitForMail((m) => m.to === to && m.subject === "In one statement");
  });

  it("do not leak into other requests' statements on the same handle", async () => {
    const subject = randomUUID();
    await changeInOneStatement(t.db, async (db) => {
      await recordEvent(db, systemMeta, { action: "test.mine", subjectType: "test", subjectId: subject });
      // Meanwhile another request makes a change of its own on the shared handle: it is written now.
      await change(t.db, {
        lock: null,
        decide: (scope) =>
          recordEvent(scope, systemMeta, { action: "test.theirs", subjectType: "test", subjectId: subject }),
      });
      expect((await eventsFor(subject)).map((e) => e.action)).toEqual(["test.theirs"]);
    });
    expect((await eventsFor(subject)).map((e) => e.action)).toEqual(["test.theirs", "test.mine"]);
  });

  it("behind a guard: all written when the guard changes its row, none (40001) when it changes none", async () => {
    const { account } = await accountWithManagers(t, 0);
    const versionOf = async () =>
      (
        await t.db
          .selectFrom("billing_accounts")
          .select("version")
          .where("id", "=", account.id)
          .executeTakeFirstOrThrow()
      ).version;
    const guardAt = (db: WriteScope, version: number) =>
      guardWrites(
        db,
        db
          .updateTable("billing_accounts")
          .set((eb) => ({ version: eb("version", "+", 1) }))
          .where("id", "=", account.id)
          .where("version", "=", version)
          .returning("id"),
      );
    const start = await versionOf();
    const subject = randomUUID();
    const to = uniqueEmail("guarded");

    // A stale version. The writes are collected before the guard and one of them would fail with a
    // foreign key error: the guard still decides first, so the answer is 40001 and nothing lands.
    await expect(
      changeInOneStatement(t.db, async (db) => {
        await recordEvent(db, systemMeta, { action: "test.guarded", subjectType: "test", subjectId: subject });
        await t.runtime.outbox.send(db, { to, subject: "Guarded", paragraphs: ["x"] });
        await deferWrite(
          db,
          db.insertInto("billing_account_managers").values({
            billing_account_id: account.id,
            user_id: randomUUID(),
            source: "staff",
          }),
        );
        guardAt(db, start - 1);
      }),
    ).rejects.toMatchObject({ code: "40001" });
    expect(await eventsFor(subject)).toEqual([]);
    expect(await mailJobsTo(t.db, to)).toBe(0);
    expect(await versionOf()).toBe(start);

    // The current version: everything lands, and the version moves by one with it.
    await changeInOneStatement(t.db, async (db) => {
      guardAt(db, start);
      await recordEvent(db, systemMeta, { action: "test.guarded", subjectType: "test", subjectId: subject });
      await t.runtime.outbox.send(db, { to, subject: "Guarded", paragraphs: ["x"] });
    });
    expect((await eventsFor(subject)).map((e) => e.action)).toEqual(["test.guarded"]);
    expect(await mailJobsTo(t.db, to)).toBe(1);
    expect(await versionOf()).toBe(start + 1);
  });

  it("a scope kept past its change writes nothing: it throws instead of writing outside the change", async () => {
    const subject = randomUUID();
    let kept: WriteScope | undefined;
    await change(t.db, {
      lock: null,
      decide: async (scope) => {
        kept = scope;
      },
    });
    await expect(
      recordEvent(kept!, systemMeta, { action: "test.late", subjectType: "test", subjectId: subject }),
    ).rejects.toThrow(/after its change ended/);
    expect(await eventsFor(subject)).toEqual([]);
  });
});
