// B3, B4: add-ons on a subscription. More seats and storage packs are prorated by the days left
// in the term, to the day (floor(price × quantity × daysLeft / termDays), in the customer's
// favour); compute packs are full price. The preview is what is charged and what the invoice
// says. Bad input, reseller-owned and ended subscriptions are refused with nothing charged.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, toIsoDate } from "../../../src/server/modules/billing/term.js";
import { accountWithManagers, type TestUser } from "../../factories/accounts.js";
import { addCard, makeReseller, purchaseBody } from "../../factories/billing.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const SEAT_USD = 34_800; // Premium, per seat per year (default catalog)
const STORAGE_USD = 6_000; // 10 GB pack, per year
const COMPUTE_USD = 1_000; // 1,000 minutes, one-off

let keys = 0;
const key = () => ({ "idempotency-key": `add-on-${Date.now()}-${++keys}` });

async function chargeCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from sandbox_gateway_charges`.execute(t.db);
  return Number(rows[0]!.n);
}

/** A direct account with a card and a 3-seat Premium subscription. */
async function subscribed(): Promise<{ owner: TestUser; accountId: string; subscriptionId: string }> {
  const { account, owner } = await accountWithManagers(t);
  await addCard(owner.client, account.id);
  const res = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), key());
  expect(res.statusCode, res.body).toBe(201);
  return { owner, accountId: account.id, subscriptionId: res.json().subscription.id };
}

/** Moves the term so that `daysLeft` of its `termDays` remain from today (UTC). */
async function termWithDaysLeft(subscriptionId: string, daysLeft: number, termDays = 365): Promise<void> {
  const today = toIsoDate(new Date());
  await t.db
    .updateTable("subscriptions")
    .set({ term_start: addDays(today, daysLeft - termDays), term_end: addDays(today, daysLeft) })
    .where("id", "=", subscriptionId)
    .execute();
}

const prorated = (unit: number, quantity: number, daysLeft: number, termDays: number) =>
  Number((BigInt(unit) * BigInt(quantity) * BigInt(daysLeft)) / BigInt(termDays));

async function buy(owner: TestUser, subscriptionId: string, body: Record<string, unknown>) {
  const url = `/api/v1/subscriptions/${subscriptionId}/add-ons`;
  const preview = await owner.client.post(`${url}/preview`, body);
  const res = await owner.client.post(url, body, key());
  return { preview, res };
}

async function chargedFor(invoiceId: string): Promise<number> {
  const { rows } = await sql<{ amount: string }>`
    select c.amount_minor::text as amount from invoices i
    join sandbox_gateway_charges c on c.id = i.gateway_charge_id where i.id = ${invoiceId}`.execute(t.db);
  return Number(rows[0]!.amount);
}

describe("add-ons (B4)", () => {
  it("more seats: prorated to the day; preview = charge = invoice total; the seats go up", async () => {
    const { owner, subscriptionId } = await subscribed();
    await termWithDaysLeft(subscriptionId, 100);
    const { preview, res } = await buy(owner, subscriptionId, { kind: "seats", quantity: 2 });
    expect(preview.statusCode, preview.body).toBe(200);
    const expected = prorated(SEAT_USD, 2, 100, 365); // 19 068
    expect(expected).toBe(19_068);
    expect(preview.json().total).toEqual({ amountMinor: expected, currency: "USD" });
    expect(preview.json().lines[0].proration).toMatchObject({ days: 100, termDays: 365 });

    expect(res.statusCode, res.body).toBe(201);
    const { subscription, invoice } = res.json();
    expect(subscription.seats).toBe(5);
    expect(invoice.total).toEqual(preview.json().total);
    expect(await chargedFor(invoice.id)).toBe(expected);
    const shown = await owner.client.get(`/api/v1/invoices/${invoice.id}`);
    expect(shown.json()).toMatchObject({ status: "paid", total: { amountMinor: expected, currency: "USD" } });
    expect((await owner.client.get(`/api/v1/subscriptions/${subscriptionId}`)).json().seats).toBe(5);
  });

  it("is exact to the day for other days left and term lengths", async () => {
    const { owner, subscriptionId } = await subscribed();
    for (const [daysLeft, termDays, seats] of [
      [1, 365, 1],
      [364, 365, 7],
      [183, 366, 3],
      [365, 365, 2],
    ] as const) {
      await termWithDaysLeft(subscriptionId, daysLeft, termDays);
      const { preview, res } = await buy(owner, subscriptionId, { kind: "seats", quantity: seats });
      const expected = prorated(SEAT_USD, seats, daysLeft, termDays);
      expect(preview.json().total.amountMinor, `${daysLeft}/${termDays}`).toBe(expected);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().invoice.total.amountMinor).toBe(expected);
      expect(await chargedFor(res.json().invoice.id)).toBe(expected);
    }
  });

  it("a storage pack is prorated, a compute pack is full price; each is one invoice", async () => {
    const { owner, accountId, subscriptionId } = await subscribed();
    await termWithDaysLeft(subscriptionId, 100);
    const storage = await buy(owner, subscriptionId, { kind: "pack", packId: "storage-10gb", quantity: 2 });
    const storageTotal = prorated(STORAGE_USD, 2, 100, 365); // 3 287
    expect(storage.preview.json().total.amountMinor).toBe(storageTotal);
    expect(storage.res.statusCode, storage.res.body).toBe(201);
    expect(storage.res.json().invoice.total.amountMinor).toBe(storageTotal);
    expect(storage.res.json().subscription).toMatchObject({ storagePacks: 2, seats: 3 });

    const compute = await buy(owner, subscriptionId, { kind: "pack", packId: "compute-1000", quantity: 3 });
    expect(compute.preview.json().total.amountMinor).toBe(3 * COMPUTE_USD);
    expect(compute.res.statusCode, compute.res.body).toBe(201);
    expect(compute.res.json().invoice.total.amountMinor).toBe(3 * COMPUTE_USD);
    expect(await chargedFor(compute.res.json().invoice.id)).toBe(3 * COMPUTE_USD);

    const invoices = (await owner.client.get(`/api/v1/billing-accounts/${accountId}/invoices`)).json().invoices;
    expect(invoices.map((i: { total: { amountMinor: number } }) => i.total.amountMinor).sort()).toEqual(
      [3 * COMPUTE_USD, storageTotal, 3 * SEAT_USD].sort(),
    );
  });

  it("refuses bad input with a 4xx and nothing charged", async () => {
    const { owner, subscriptionId } = await subscribed();
    const charges = await chargeCount();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ kind: "seats", quantity: 0 }, 400, "invalid_input"],
      [{ kind: "seats", quantity: -2 }, 400, "invalid_input"],
      [{ kind: "seats", quantity: 1_000_000_000 }, 400, "invalid_input"],
      [{ kind: "seats", quantity: 1.5 }, 400, "invalid_input"],
      // Within the schema's bound but past the plan's 100,000 seats with the 3 it has.
      [{ kind: "seats", quantity: 99_998 }, 400, "invalid_quantity"],
      [{ kind: "seats", quantity: 1_000_000 }, 400, "invalid_quantity"],
      [{ kind: "pack", packId: "storage-1pb", quantity: 1 }, 400, "unknown_pack"],
      [{ kind: "pack", packId: "compute-1000", quantity: 0 }, 400, "invalid_input"],
      [{ kind: "pack", packId: "compute-1000", quantity: 101 }, 400, "invalid_quantity"],
      [{ kind: "cpu", quantity: 1 }, 400, "invalid_input"],
    ];
    for (const [body, status, code] of cases) {
      const { preview, res } = await buy(owner, subscriptionId, body);
      expect([preview.statusCode, preview.json().error?.code], `preview ${JSON.stringify(body)}`).toEqual([
        status,
        code,
      ]);
      expect([res.statusCode, res.json().error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await chargeCount()).toBe(charges);
    const after = await owner.client.get(`/api/v1/subscriptions/${subscriptionId}`);
    expect(after.json()).toMatchObject({ seats: 3, storagePacks: 0 });
  });

  it("on a reseller account or a reseller-owned subscription: 403 reseller_read_only, nothing charged", async () => {
    const direct = await subscribed();
    await t.db
      .updateTable("subscriptions")
      .set({ invoice_owner: "reseller", reseller_name: "Partner Reseller Inc." })
      .where("id", "=", direct.subscriptionId)
      .execute();
    const viaReseller = await subscribed();
    await makeReseller(t, viaReseller.accountId, "Partner Reseller Inc.");
    const charges = await chargeCount();
    for (const { owner, subscriptionId } of [direct, viaReseller]) {
      const { preview, res } = await buy(owner, subscriptionId, { kind: "seats", quantity: 1 });
      expect([preview.statusCode, preview.json().error.code]).toEqual([403, "reseller_read_only"]);
      expect([res.statusCode, res.json().error.code]).toEqual([403, "reseller_read_only"]);
    }
    expect(await chargeCount()).toBe(charges);
  });

  it("on an expired subscription or one whose term has ended: 409, nothing charged", async () => {
    const expired = await subscribed();
    await t.db
      .updateTable("subscriptions")
      .set({ status: "expired" })
      .where("id", "=", expired.subscriptionId)
      .execute();
    const ended = await subscribed();
    await termWithDaysLeft(ended.subscriptionId, 0);
    const charges = await chargeCount();
    const refusals = [];
    for (const { owner, subscriptionId } of [expired, ended]) {
      const { preview, res } = await buy(owner, subscriptionId, { kind: "pack", packId: "storage-10gb", quantity: 1 });
      expect(preview.statusCode).toBe(409);
      expect(res.statusCode).toBe(409);
      refusals.push(res.json().error.code);
    }
    expect(refusals).toEqual(["subscription_not_active", "term_ended"]);
    expect(await chargeCount()).toBe(charges);
  });

  it("an expired card on file or another account's card is not charged", async () => {
    const { owner, accountId, subscriptionId } = await subscribed();
    await t.db
      .updateTable("payment_methods")
      .set({ exp_year: 2020 })
      .where("billing_account_id", "=", accountId)
      .execute();
    const theirs = await accountWithManagers(t);
    const foreign = await addCard(theirs.owner.client, theirs.account.id);
    const charges = await chargeCount();
    const expired = await buy(owner, subscriptionId, { kind: "seats", quantity: 1 });
    expect([expired.res.statusCode, expired.res.json().error.code]).toEqual([409, "card_expired"]);
    const other = await buy(owner, subscriptionId, { kind: "seats", quantity: 1, paymentMethodId: foreign.id });
    expect([other.res.statusCode, other.res.json().error.code]).toEqual([404, "payment_method_not_found"]);
    const purchase = await owner.client.post("/api/v1/purchases", purchaseBody(accountId), key());
    expect([purchase.statusCode, purchase.json().error.code]).toEqual([409, "card_expired"]);
    expect(await chargeCount()).toBe(charges);
    expect((await owner.client.get(`/api/v1/subscriptions/${subscriptionId}`)).json().seats).toBe(3);
  });

  it("add-ons at once with different keys: each charged once and applied once", async () => {
    const { owner, accountId, subscriptionId } = await subscribed();
    const charges = await chargeCount();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        owner.client.post(`/api/v1/subscriptions/${subscriptionId}/add-ons`, { kind: "seats", quantity: 1 }, key()),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect((await owner.client.get(`/api/v1/subscriptions/${subscriptionId}`)).json().seats).toBe(6);
    expect(await chargeCount()).toBe(charges + 3);
    const invoices = (await owner.client.get(`/api/v1/billing-accounts/${accountId}/invoices`)).json().invoices;
    expect(invoices).toHaveLength(4);
  });

  it("one add-on with one key sent three times at once: one charge, seats up once", async () => {
    const { owner, subscriptionId } = await subscribed();
    const charges = await chargeCount();
    const headers = key();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        owner.client.post(`/api/v1/subscriptions/${subscriptionId}/add-ons`, { kind: "seats", quantity: 2 }, headers),
      ),
    );
    expect(answers.some((a) => a.statusCode === 201)).toBe(true);
    for (const a of answers)
      if (a.statusCode !== 201) expect(a.json().error.code).toBe("idempotency_request_in_progress");
    expect((await owner.client.get(`/api/v1/subscriptions/${subscriptionId}`)).json().seats).toBe(5);
    expect(await chargeCount()).toBe(charges + 1);
  });

  it("two add-ons racing past the plan's seat limit: one applies, the other is refused and refunded", async () => {
    const { owner, subscriptionId } = await subscribed();
    await t.db.updateTable("subscriptions").set({ seats: 99_998 }).where("id", "=", subscriptionId).execute();
    const answers = await Promise.all(
      [1, 2].map(() =>
        owner.client.post(`/api/v1/subscriptions/${subscriptionId}/add-ons`, { kind: "seats", quantity: 2 }, key()),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses[0]).toBe(201);
    expect(statuses[1]).toBeGreaterThanOrEqual(400);
    expect(statuses[1]).toBeLessThan(500);
    expect((await owner.client.get(`/api/v1/subscriptions/${subscriptionId}`)).json().seats).toBe(100_000);
    // Whatever the refused one charged was given back: money kept = one add-on's price.
    const { rows } = await sql<{ kept: string }>`
      select coalesce(sum(c.amount_minor), 0)::text as kept from sandbox_gateway_charges c
      join sandbox_gateway_cards k on k.token = c.token
      join payment_methods p on p.gateway_token = k.token
      join subscriptions s on s.billing_account_id = p.billing_account_id
      where s.id = ${subscriptionId} and c.outcome = 'succeeded' and not c.refunded`.execute(t.db);
    const invoices = await t.db
      .selectFrom("invoices")
      .select("total_minor")
      .where("subscription_id", "=", subscriptionId)
      .execute();
    expect(invoices).toHaveLength(2);
    expect(Number(rows[0]!.kept)).toBe(invoices.reduce((n, i) => n + Number(i.total_minor), 0));
  });

  it("another account's subscription is not found", async () => {
    const mine = await subscribed();
    const theirs = await accountWithManagers(t);
    const { preview, res } = await buy(theirs.owner, mine.subscriptionId, { kind: "seats", quantity: 1 });
    expect(preview.statusCode).toBe(404);
    expect(res.statusCode).toBe(404);
  });
});
