// B3–B5, S1: buying a subscription end to end through the API: the preview equals the charge;
// the purchase makes an active subscription owned by the account, a paid invoice with a gapless
// number, events and emails; a declined card leaves nothing; Idempotency-Key replays the first
// answer and never charges twice, also when the same key arrives twice at once.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayKey, requestHash } from "../../../src/server/platform/idempotency.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { addCard, CARDS, makeReseller, purchaseBody } from "../../factories/billing.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const count = async (table: "subscriptions" | "invoices" | "sandbox_gateway_charges", accountId?: string) => {
  if (table === "sandbox_gateway_charges") {
    return Number(
      (await sql<{ n: string }>`select count(*)::text as n from sandbox_gateway_charges`.execute(t.db)).rows[0]!.n,
    );
  }
  const rows = await t.db.selectFrom(table).select("id").where("billing_account_id", "=", accountId!).execute();
  return rows.length;
};
let keys = 0;
const key = () => ({ "idempotency-key": `purchase-${Date.now()}-${++keys}` });

describe("purchase", () => {
  it("charges what the preview said, and makes a subscription, a paid invoice, events and emails", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id);
    const preview = await owner.client.post("/api/v1/purchases/preview", purchaseBody(account.id));
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().total).toEqual({ amountMinor: 3 * 34_800, currency: "USD" });

    const res = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), key());
    expect(res.statusCode, res.body).toBe(201);
    const { subscription, invoice } = res.json();
    expect(subscription).toMatchObject({
      planId: "premium",
      seats: 3,
      status: "active",
      autoRenew: true,
      invoiceOwner: "account",
    });
    expect(invoice.total).toEqual(preview.json().total);
    expect(invoice.invoiceNumber).toMatch(/^INV-\d{6,}$/);

    const listed = await owner.client.get(`/api/v1/billing-accounts/${account.id}/subscriptions`);
    expect(listed.json().subscriptions.map((s: { id: string }) => s.id)).toEqual([subscription.id]);
    const invoices = await owner.client.get(`/api/v1/billing-accounts/${account.id}/invoices`);
    expect(invoices.json().invoices[0]).toMatchObject({ id: invoice.id, status: "paid" });

    const events = await t.db
      .selectFrom("events")
      .select("action")
      .where("billing_account_id", "=", account.id)
      .execute();
    expect(events.map((e) => e.action)).toContain("subscription.purchased");
    await t.smtp.waitForMail(
      (m) => m.to === owner.email && m.subject === `Your subscription ${subscription.subscriptionNumber} is active`,
    );
    await t.smtp.waitForMail((m) => m.to === owner.email && m.subject === `Invoice ${invoice.invoiceNumber}`);
  });

  it("a declined card leaves no subscription and no invoice, and says why (402)", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id, CARDS.insufficientFunds);
    const res = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), key());
    expect(res.statusCode).toBe(402);
    expect(res.json().error).toMatchObject({ code: "card_declined", details: { declineCode: "insufficient_funds" } });
    expect(res.json().error.message).toMatch(/insufficient funds/);
    expect(await count("subscriptions", account.id)).toBe(0);
    expect(await count("invoices", account.id)).toBe(0);
  });

  it("refuses bad input with nothing charged or written", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id);
    const charges = await count("sandbox_gateway_charges");
    const cases: [Record<string, unknown>, Record<string, string>, number, string][] = [
      [{ seats: 0 }, key(), 400, "invalid_input"],
      [{ seats: -2 }, key(), 400, "invalid_input"],
      [{ seats: 1_000_000_000 }, key(), 400, "invalid_input"],
      [{ seats: 2.5 }, key(), 400, "invalid_input"],
      [{ planId: "platinum" }, key(), 400, "unknown_plan"],
      [{}, { "idempotency-key": "k".repeat(256) }, 400, "invalid_idempotency_key"],
      [{ paymentMethodId: "00000000-0000-4000-8000-000000000000" }, key(), 404, "payment_method_not_found"],
    ];
    for (const [extra, headers, status, code] of cases) {
      const res = await owner.client.post("/api/v1/purchases", purchaseBody(account.id, extra), headers);
      expect([res.statusCode, res.json().error?.code], JSON.stringify(extra)).toEqual([status, code]);
    }
    // A plan in another currency than the account's (EUR account, GBP-less plan is not needed:
    // the default catalog has no JPY prices).
    const yen = await accountWithManagers(t);
    const created = await yen.owner.client.post("/api/v1/billing-accounts", {
      companyName: "Yen KK",
      address: { line1: "1-1", city: "Tokyo", postalCode: "100-0001", country: "JP" },
      currency: "JPY",
    });
    await addCard(yen.owner.client, created.json().id);
    const res = await yen.owner.client.post("/api/v1/purchases", purchaseBody(created.json().id), key());
    expect([res.statusCode, res.json().error.code]).toEqual([409, "currency_not_offered"]);
    expect(await count("sandbox_gateway_charges")).toBe(charges);
    expect(await count("subscriptions", account.id)).toBe(0);
  });

  it("a card of another account is not found", async () => {
    const mine = await accountWithManagers(t);
    const theirs = await accountWithManagers(t);
    await addCard(mine.owner.client, mine.account.id);
    const foreign = await addCard(theirs.owner.client, theirs.account.id);
    const res = await mine.owner.client.post(
      "/api/v1/purchases",
      purchaseBody(mine.account.id, { paymentMethodId: foreign.id }),
      key(),
    );
    expect([res.statusCode, res.json().error.code]).toEqual([404, "payment_method_not_found"]);
  });
});

describe("Idempotency-Key (B5)", () => {
  it("a retry returns the first answer and charges once; another body with the key is 409", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id);
    const headers = key();
    const first = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), headers);
    const again = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await count("subscriptions", account.id)).toBe(1);
    const reused = await owner.client.post("/api/v1/purchases", purchaseBody(account.id, { seats: 4 }), headers);
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, "idempotency_key_reused"]);
  });

  it("replays a decline too, without asking the gateway again", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id, CARDS.declined);
    const headers = key();
    const first = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), headers);
    const charges = await count("sandbox_gateway_charges");
    const again = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), headers);
    expect([first.statusCode, again.statusCode]).toEqual([402, 402]);
    expect(again.json()).toEqual(first.json());
    expect(await count("sandbox_gateway_charges")).toBe(charges);
  });

  it("two purchases with one key at once: one charge, one subscription", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id);
    const headers = key();
    const charges = await count("sandbox_gateway_charges");
    const answers = await Promise.all(
      [1, 2, 3].map(() => owner.client.post("/api/v1/purchases", purchaseBody(account.id), headers)),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    for (const a of answers)
      if (a.statusCode !== 201) expect(a.json().error.code).toBe("idempotency_request_in_progress");
    expect(await count("subscriptions", account.id)).toBe(1);
    expect(await count("sandbox_gateway_charges")).toBe(charges + 1);
  });
});

describe("reseller accounts (R1, B3)", () => {
  it("answer 403 reseller_read_only to cards, purchases and invoices, naming the reseller", async () => {
    const { account, owner } = await accountWithManagers(t);
    await makeReseller(t, account.id, "Partner Reseller Inc.");
    const answers = [
      await owner.client.get(`/api/v1/billing-accounts/${account.id}/payment-methods`),
      await owner.client.post(`/api/v1/billing-accounts/${account.id}/payment-methods`, {
        token: "tok_x",
        holderName: "X",
      }),
      await owner.client.get(`/api/v1/billing-accounts/${account.id}/invoices`),
      await owner.client.post("/api/v1/purchases", purchaseBody(account.id), key()),
      await owner.client.post("/api/v1/purchases/preview", purchaseBody(account.id)),
    ];
    for (const res of answers) {
      expect([res.statusCode, res.json().error.code]).toEqual([403, "reseller_read_only"]);
      expect(res.json().error.message).toContain("Partner Reseller Inc.");
    }
    // Subscriptions stay visible (R1).
    expect((await owner.client.get(`/api/v1/billing-accounts/${account.id}/subscriptions`)).statusCode).toBe(200);
  });
});

describe("a crash between the charge and the commit (B5)", () => {
  it("the client's retry reaches the same charge at the gateway: one charge, one subscription", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id);
    const body = purchaseBody(account.id);
    const key = `crash-${Date.now()}`;
    // What the crashed request left: its claim on the key, and the charge the gateway made.
    const card = await t.db
      .selectFrom("payment_methods")
      .select("gateway_token")
      .where("billing_account_id", "=", account.id)
      .executeTakeFirstOrThrow();
    const charged = await t.runtime.billing.gateway.charge({
      token: card.gateway_token,
      amount: { amountMinor: 3 * 34_800, currency: "USD" },
      idempotencyKey: gatewayKey(owner.id, key, "purchase"),
      description: "the request that crashed",
    });
    await t.db
      .insertInto("idempotency_keys")
      .values({
        user_id: owner.id,
        key,
        operation: "purchase",
        request_hash: requestHash("purchase", body),
        claimed_at: new Date(Date.now() - 5 * 60_000),
      })
      .execute();
    const before = await count("sandbox_gateway_charges");

    const retry = await owner.client.post("/api/v1/purchases", body, { "idempotency-key": key });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(await count("sandbox_gateway_charges")).toBe(before);
    expect(await count("subscriptions", account.id)).toBe(1);
    const invoice = await t.db
      .selectFrom("invoices")
      .select("gateway_charge_id")
      .where("billing_account_id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(invoice.gateway_charge_id).toBe(charged.chargeId);
  });
});
