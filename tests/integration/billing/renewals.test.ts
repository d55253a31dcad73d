// B7: renewal runs. Reminders 30 and 7 days before (once each); a charge of the default card at
// term end that starts a new term with an invoice; a soft decline retried on the schedule, a hard
// one not; a new default card retries at once; runs repeated or overlapping charge once.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingDeps } from "../../../src/server/app/bootstrap.js";
import { runRenewals } from "../../../src/server/modules/billing/index.js";
import { addDays, oneYearAfter, toIsoDate } from "../../../src/server/modules/billing/term.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { addCard, CARDS, purchaseBody } from "../../factories/billing.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const today = toIsoDate(new Date());
const run = (date = today, options: { accountId?: string } = {}) => runRenewals(billingDeps(t.runtime), date, options);

/** A direct account with a subscription bought with `card`, whose term is moved to end on `termEnd`. */
async function subscribed(card: string = CARDS.visa, termEnd = today) {
  const { account, owner } = await accountWithManagers(t);
  const pm = await addCard(
    owner.client,
    account.id,
    card === CARDS.declined || card === CARDS.stolen ? CARDS.visa : card,
  );
  const res = await owner.client.post("/api/v1/purchases", purchaseBody(account.id, { seats: 2 }), {
    "idempotency-key": `r-${Math.random()}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id: string = res.json().subscription.id;
  if (card === CARDS.declined || card === CARDS.stolen) {
    // The renewal will meet this card: it becomes the default, the card that bought it goes.
    const bad = await addCard(owner.client, account.id, card);
    await owner.client.patch(`/api/v1/billing-accounts/${account.id}/payment-methods/${bad.id}`, { isDefault: true });
    await owner.client.delete(`/api/v1/billing-accounts/${account.id}/payment-methods/${pm.id}`);
  }
  await sql`update subscriptions set term_start = ${addDays(termEnd, -365)}::date, term_end = ${termEnd}::date where id = ${id}`.execute(
    t.db,
  );
  return { account, owner, id };
}

const subscription = (id: string) =>
  t.db
    .selectFrom("subscriptions")
    .select(["status", "term_end", "renewal_failures", "last_renewal_decline", "auto_renew"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const renewalInvoices = async (id: string) =>
  (
    await t.db
      .selectFrom("invoices")
      .select("id")
      .where("subscription_id", "=", id)
      .where("kind", "=", "renewal")
      .execute()
  ).length;
const charges = async () =>
  Number((await sql<{ n: string }>`select count(*)::text as n from sandbox_gateway_charges`.execute(t.db)).rows[0]!.n);

describe("renewal runs", () => {
  it("remind 30 and 7 days before, once each, saying what will be charged and how to stop it", async () => {
    const { owner, account, id } = await subscribed(CARDS.visa, addDays(today, 30));
    const first = await run(today, { accountId: account.id });
    expect(first.reminded).toBe(1);
    const mail = await t.smtp.waitForMail((m) => m.to === owner.email && m.subject.includes("renews on"));
    expect(mail.text).toContain("$696.00");
    expect(mail.text).toMatch(/auto-renew off/);
    // The link opens the account's subscriptions page in the web app.
    expect(mail.text).toContain(`/billing-accounts/${account.id}/subscriptions`);
    expect((await run(today, { accountId: account.id })).reminded).toBe(0);
    await sql`update subscriptions set term_end = ${addDays(today, 7)}::date where id = ${id}`.execute(t.db);
    expect((await run(today, { accountId: account.id })).reminded).toBe(1);
    expect((await run(today, { accountId: account.id })).reminded).toBe(0);
  });

  it("charge the default card at term end: a new term and a renewal invoice; a second run charges nothing", async () => {
    const { account, id } = await subscribed();
    const before = await charges();
    expect((await run(today, { accountId: account.id })).renewed).toBe(1);
    expect(await subscription(id)).toMatchObject({
      status: "active",
      term_end: oneYearAfter(today),
      renewal_failures: 0,
    });
    expect(await renewalInvoices(id)).toBe(1);
    expect((await run(today, { accountId: account.id })).renewed).toBe(0);
    expect(await charges()).toBe(before + 1);
  });

  it("two runs at once renew once and charge once", async () => {
    const { account, id } = await subscribed();
    const before = await charges();
    const reports = await Promise.all([run(today, { accountId: account.id }), run(today, { accountId: account.id })]);
    expect(reports.reduce((n, r) => n + r.renewed, 0)).toBe(1);
    expect(await renewalInvoices(id)).toBe(1);
    expect(await charges()).toBe(before + 1);
  });

  it("a soft decline is retried after 1, 3 and 7 days, the contacts told each time, then the subscription expires", async () => {
    const { owner, account, id } = await subscribed(CARDS.declined);
    expect((await run(today, { accountId: account.id })).failed).toBe(1);
    expect(await subscription(id)).toMatchObject({
      status: "past_due",
      renewal_failures: 1,
      last_renewal_decline: "card_declined",
    });
    await t.smtp.waitForMail(
      (m) => m.to === owner.email && m.subject.startsWith("We could not renew") && m.text.includes("declined"),
    );
    expect((await run(today, { accountId: account.id })).failed).toBe(0); // not due again today
    expect((await run(addDays(today, 1), { accountId: account.id })).failed).toBe(1);
    expect((await run(addDays(today, 3), { accountId: account.id })).failed).toBe(1);
    expect((await run(addDays(today, 7), { accountId: account.id })).expired).toBe(1);
    expect(await subscription(id)).toMatchObject({ status: "expired", renewal_failures: 4 });
    expect(await renewalInvoices(id)).toBe(0);
  });

  it("a hard decline (stolen card) is not retried: the subscription expires", async () => {
    const { account, id } = await subscribed(CARDS.stolen);
    expect((await run(today, { accountId: account.id })).expired).toBe(1);
    expect(await subscription(id)).toMatchObject({ status: "expired", last_renewal_decline: "stolen_card" });
  });

  it("a new default card retries a failed renewal at once", async () => {
    const { owner, account, id } = await subscribed(CARDS.declined);
    await run(today, { accountId: account.id });
    expect((await subscription(id)).status).toBe("past_due");
    const good = await addCard(owner.client, account.id, CARDS.visa);
    const res = await owner.client.patch(`/api/v1/billing-accounts/${account.id}/payment-methods/${good.id}`, {
      isDefault: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await subscription(id)).toMatchObject({
      status: "active",
      term_end: oneYearAfter(today),
      renewal_failures: 0,
    });
    expect(await renewalInvoices(id)).toBe(1);
  });

  it("with auto-renew off, the subscription expires at term end without a charge; reseller-owned ones are left alone", async () => {
    const { owner, account, id } = await subscribed();
    const off = await owner.client.patch(`/api/v1/subscriptions/${id}`, { autoRenew: false });
    expect(off.json().autoRenew).toBe(false);
    const before = await charges();
    expect((await run(today, { accountId: account.id })).expired).toBe(1);
    expect(await charges()).toBe(before);

    const reseller = await subscribed();
    await sql`update subscriptions set invoice_owner = 'reseller', reseller_name = 'Partner' where id = ${reseller.id}`.execute(
      t.db,
    );
    expect(await run(today, { accountId: reseller.account.id })).toMatchObject({ renewed: 0, expired: 0, failed: 0 });
  });
});
