// B1, B5: the sandbox card processor. It never keeps a card number, refuses invalid cards at
// tokenisation, and runs a charge once per idempotency key, under concurrency too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/server/platform/db/client.js";
import {
  CardRefused,
  createSandboxGateway,
  type SandboxGateway,
} from "../../../src/server/platform/payments/sandbox.js";
import { openTestDatabase } from "../../setup/template-db.js";

let handle: DatabaseHandle;
let gateway: SandboxGateway;
beforeAll(async () => {
  handle = await openTestDatabase();
  gateway = createSandboxGateway(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const card = (number: string) => ({ number, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: "123" });
const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });
let keys = 0;
const key = () => `test-key-${++keys}-${Date.now()}`;

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof CardRefused) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("tokenisation", () => {
  it("answers a token with brand, last four and expiry, and stores no card number", async () => {
    const summary = await gateway.tokenise(card("4242 4242 4242 4242"));
    expect(summary).toMatchObject({ brand: "visa", last4: "4242", expMonth: 12 });
    expect(await gateway.findCard(summary.token)).toEqual(summary);
    const stored = JSON.stringify(await handle.db.selectFrom("sandbox_gateway_cards").selectAll().execute());
    expect(stored).not.toContain("4242424242424242");
  });

  it("refuses a number that fails the Luhn check, a past expiry and a bad CVC", async () => {
    expect(await refusal(gateway.tokenise(card("4242424242424241")))).toBe("invalid_number");
    expect(await refusal(gateway.tokenise({ ...card("4242424242424242"), expYear: 2020 }))).toBe("invalid_expiry");
    expect(await refusal(gateway.tokenise({ ...card("4242424242424242"), cvc: "12" }))).toBe("invalid_cvc");
  });
});

describe("charges", () => {
  it("each test card behaves as the README says", async () => {
    const outcomes: Record<string, string> = {};
    for (const number of [
      "4242424242424242",
      "4000000000000002",
      "4000000000009995",
      "4000000000000069",
      "4000000000009979",
    ]) {
      const { token } = await gateway.tokenise(card(number));
      const result = await gateway.charge({ token, amount: usd(1000), idempotencyKey: key(), description: "test" });
      outcomes[number] = result.outcome === "succeeded" ? "succeeded" : result.declineCode;
    }
    expect(outcomes).toEqual({
      "4242424242424242": "succeeded",
      "4000000000000002": "card_declined",
      "4000000000009995": "insufficient_funds",
      "4000000000000069": "expired_card",
      "4000000000009979": "stolen_card",
    });
  });

  it("4000 0000 0000 0341 succeeds once, then declines (dunning)", async () => {
    const { token } = await gateway.tokenise(card("4000000000000341"));
    const first = await gateway.charge({ token, amount: usd(500), idempotencyKey: key(), description: "first" });
    const second = await gateway.charge({ token, amount: usd(500), idempotencyKey: key(), description: "second" });
    expect(first.outcome).toBe("succeeded");
    expect(second).toMatchObject({ outcome: "declined", declineCode: "card_declined" });
  });

  it("the same key charges once, even when asked concurrently, and answers the first result", async () => {
    const { token } = await gateway.tokenise(card("4242424242424242"));
    const idempotencyKey = key();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        gateway.charge({ token, amount: usd(4200), idempotencyKey, description: "once" }),
      ),
    );
    expect(new Set(results.map((r) => r.chargeId)).size).toBe(1);
    const rows = await handle.db
      .selectFrom("sandbox_gateway_charges")
      .select("id")
      .where("token", "=", token)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
