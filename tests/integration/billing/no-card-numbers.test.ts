// B1: nothing card-like is kept or told. The whole money flow runs — every sandbox test card
// tokenised (also typed with spaces), cards added, purchases paid and declined, an add-on bought
// and declined, a mistyped number refused — with the app logging at debug level. Then every table
// of the database (public and pgboss schemas), every log line and every email is searched for
// the test card numbers (plain, spaced, dashed) and for any 13–19 digit run that passes Luhn:
// none may be found. The tokenisation request's body carries the number: it must never be logged.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passesLuhn } from "../../../src/server/platform/payments/sandbox-cards.js";
import { accountWithManagers, type TestUser } from "../../factories/accounts.js";
import { CARDS, purchaseBody, tokenise } from "../../factories/billing.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const logLines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ logLines, env: { LOG_LEVEL: "debug" } });
});
afterAll(async () => {
  await t?.close();
});

// Keys without timestamps: a 13-digit Date.now() would be a digit run of its own.
const key = () => ({ "idempotency-key": `no-pan-${randomUUID()}` });
const spaced = (n: string) => n.replace(/(\d{4})(?=\d)/g, "$1 ");
const dashed = (n: string) => n.replace(/(\d{4})(?=\d)/g, "$1-");

async function addCardTyped(owner: TestUser, accountId: string, typed: string) {
  const token = await tokenise(owner.client, typed);
  const res = await owner.client.post(`/api/v1/billing-accounts/${accountId}/payment-methods`, {
    token,
    holderName: "Olive Owner",
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

/** Every row of every table in the public and pgboss schemas, as text. */
async function dumpDatabase(): Promise<string> {
  const { rows: tables } = await sql<{ table_schema: string; table_name: string }>`
    select table_schema, table_name from information_schema.tables
    where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'
    order by 1, 2`.execute(t.db);
  expect(tables.map((x) => x.table_name)).toEqual(
    expect.arrayContaining(["payment_methods", "invoices", "idempotency_keys", "sandbox_gateway_cards", "job"]),
  );
  const parts: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const { rows } = await sql`select * from ${sql.id(table_schema, table_name)}`.execute(t.db);
    parts.push(
      `== ${table_schema}.${table_name}\n`,
      ...rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
    );
  }
  return parts.join("\n");
}

/** pino's own `time` (epoch milliseconds, 13 digits) is not data: leave it out of the search. */
const withoutLogTime = (line: string) => line.replace(/"time":\d+,?/, "");

/** 13–19 digits in a row; the decimals of a fraction (pino's responseTime: 76.0547140000017) are not. */
const PLAIN_RUN = /(?<![\d.])\d{13,19}(?!\d)/g;
/** A number as people write it: 4-4-4-4 (up to 4-4-4-4-3) or Amex's 4-6-5, spaced or dashed — not a UUID's parts. */
const GROUPED_RUN = /(?<![\w.-])(?:\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{4,5})(?![\w-])/g;

/** Everything in `text` that looks like a card number: 13–19 digits that pass Luhn. */
function cardLike(text: string): string[] {
  return [...text.matchAll(PLAIN_RUN), ...text.matchAll(GROUPED_RUN)]
    .map((match) => match[0])
    .filter((found) => passesLuhn(found.replace(/[ -]/g, "")));
}

describe("no card number anywhere (B1)", () => {
  it("the search finds card numbers however written, and not UUIDs, fractions or dates", () => {
    expect(cardLike(`a ${CARDS.visa}, b "${spaced(CARDS.mastercard)}" c ${dashed(CARDS.stolen)}.`)).toEqual([
      CARDS.visa,
      spaced(CARDS.mastercard),
      dashed(CARDS.stolen),
    ]);
    expect(cardLike("tok_378282246310005 amex 3782 822463 10005")).toEqual(["378282246310005", "3782 822463 10005"]);
    expect(
      cardLike(
        '"id":"11111111-1111-4111-8111-111111111111","responseTime":76.0547140000017 2026-12-01 4242424242424241',
      ),
    ).toEqual([]);
  });

  it("the database, the logs and the emails hold no card number after the whole money flow", async () => {
    const { account, owner } = await accountWithManagers(t);
    // Every test card, tokenised as typed in three ways.
    const typings = Object.values(CARDS).flatMap((n) => [n, spaced(n), dashed(n)]);
    for (const typed of typings) await tokenise(owner.client, typed);
    // A mistyped number (Luhn fails) is refused without being echoed.
    const mistyped = await owner.client.post("/sandbox-gateway/v1/tokens", {
      number: "4242 4242 4242 4241",
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 2,
      cvc: "123",
    });
    expect(mistyped.statusCode).toBe(400);
    expect(mistyped.body).not.toMatch(/4242.?4242/);
    // Requests that fail validation beside a good number: the refusal does not repeat it.
    for (const bad of [
      { cvc: "12345" },
      { expMonth: 13 },
      { number: `${CARDS.visa} 0000 0000 0000 0000` },
      { pin: 1 },
    ]) {
      const res = await owner.client.post("/sandbox-gateway/v1/tokens", {
        number: spaced(CARDS.mastercard),
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 2,
        cvc: "123",
        ...bad,
      });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(cardLike(res.body)).toEqual([]);
    }
    // A number pasted where the token belongs is refused and not echoed either.
    const pasted = await owner.client.post(
      `/api/v1/billing-accounts/${account.id}/payment-methods`,
      { token: CARDS.visa, holderName: "Olive Owner" },
      key(),
    );
    expect(pasted.statusCode).toBe(400);
    expect(pasted.body).not.toContain(CARDS.visa);

    // Cards on the account; a purchase on the default card, one on a card that fails later.
    await addCardTyped(owner, account.id, spaced(CARDS.visa));
    await addCardTyped(owner, account.id, CARDS.mastercard);
    const later = await addCardTyped(owner, account.id, dashed(CARDS.declineAfterFirst));
    const paid = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), key());
    expect(paid.statusCode, paid.body).toBe(201);
    const paidLater = await owner.client.post(
      "/api/v1/purchases",
      purchaseBody(account.id, { paymentMethodId: later.id }),
      key(),
    );
    expect(paidLater.statusCode, paidLater.body).toBe(201);
    const subscriptionId = paid.json().subscription.id as string;
    const addOn = await owner.client.post(
      `/api/v1/subscriptions/${subscriptionId}/add-ons`,
      { kind: "seats", quantity: 2 },
      key(),
    );
    expect(addOn.statusCode, addOn.body).toBe(201);
    const addOnDeclined = await owner.client.post(
      `/api/v1/subscriptions/${subscriptionId}/add-ons`,
      { kind: "pack", packId: "compute-1000", quantity: 1, paymentMethodId: later.id },
      key(),
    );
    expect(addOnDeclined.statusCode, addOnDeclined.body).toBe(402);

    // Declines, one account per declining card.
    for (const number of [CARDS.declined, CARDS.insufficientFunds, CARDS.expired, CARDS.stolen]) {
      const other = await accountWithManagers(t);
      await addCardTyped(other.owner, other.account.id, spaced(number));
      const res = await other.owner.client.post("/api/v1/purchases", purchaseBody(other.account.id), key());
      expect(res.statusCode, res.body).toBe(402);
      expect(cardLike(res.body)).toEqual([]);
    }

    // Wait for the emails: two confirmations and the three paid invoices.
    const subjects = [
      ...[paid, paidLater].map((r) => `Your subscription ${r.json().subscription.subscriptionNumber} is active`),
      ...[paid, paidLater, addOn].map((r) => `Invoice ${r.json().invoice.invoiceNumber}`),
    ];
    for (const subject of subjects) await t.smtp.waitForMail((m) => m.subject === subject);

    const dump = await dumpDatabase();
    const logs = logLines.map(withoutLogTime).join("\n");
    const mails = t.smtp.messages.map((m) => `${m.subject}\n${m.text}\n${m.html}`).join("\n");
    // The flow did reach the logs and the mail: an empty search would prove nothing.
    expect(logLines.length).toBeGreaterThan(40);
    expect(logs).toContain("/sandbox-gateway/v1/tokens");
    expect(t.smtp.messages.length).toBeGreaterThanOrEqual(5);
    expect(dump).toContain('"last4":"4242"');

    for (const [where, text] of [
      ["database", dump],
      ["logs", logs],
      ["emails", mails],
    ] as const) {
      for (const number of Object.values(CARDS)) {
        for (const form of [number, spaced(number), dashed(number)]) {
          expect(text.includes(form), `${form} in the ${where}`).toBe(false);
        }
      }
      expect(cardLike(text), `card-like digits in the ${where}`).toEqual([]);
    }
  });
});
