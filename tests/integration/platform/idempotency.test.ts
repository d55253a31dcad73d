// B5: Idempotency keys. The first request claims a key; a retry with the same body replays the
// first answer; another body is 409; concurrent requests with one key leave exactly one owner; a
// claim abandoned by a crashed request is taken over by one retry.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/server/platform/errors.js";
import { claimKey, finishKey, requestHash } from "../../../src/server/platform/idempotency.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
let userId: string;
beforeAll(async () => {
  t = await createTestApp();
  const row = await t.db
    .insertInto("users")
    .values({ email: "idem@example.test", email_key: "idem@example.test" })
    .returning("id")
    .executeTakeFirstOrThrow();
  userId = row.id;
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const claim = (key: string, body: unknown) =>
  claimKey(t.db, { userId, key, operation: "purchase", hash: requestHash("purchase", body) });

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "none";
}

describe("idempotency keys", () => {
  it("replay the stored answer for the same body in any key order, and refuse another body", async () => {
    const key = `k${++n}`;
    expect(await claim(key, { planId: "premium", seats: 3 })).toEqual({ kind: "owned", resumed: false });
    await finishKey(t.db, { userId, key, answer: { status: 402, body: { error: { code: "card_declined" } } } });
    expect(await claim(key, { seats: 3, planId: "premium" })).toEqual({
      kind: "replay",
      answer: { status: 402, body: { error: { code: "card_declined" } } },
    });
    expect(await codeOf(claim(key, { planId: "premium", seats: 4 }))).toBe("idempotency_key_reused");
  });

  it("give one owner to concurrent requests; the others hear it is in progress", async () => {
    const key = `k${++n}`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        claim(key, { a: 1 }).then(
          (c) => c.kind,
          (e: AppError) => e.code,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "owned")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "idempotency_request_in_progress")).toHaveLength(5);
  });

  it("let one retry take over a claim its crashed request abandoned", async () => {
    const key = `k${++n}`;
    await claim(key, { a: 2 });
    expect(await codeOf(claim(key, { a: 2 }))).toBe("idempotency_request_in_progress");
    await sql`update idempotency_keys set claimed_at = now() - interval '5 minutes' where key = ${key}`.execute(t.db);
    expect(await claim(key, { a: 2 })).toEqual({ kind: "owned", resumed: true });
    expect(await codeOf(claim(key, { a: 2 }))).toBe("idempotency_request_in_progress");
  });
});
