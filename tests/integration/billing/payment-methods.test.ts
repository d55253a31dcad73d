// B1, B2: cards on file through the API. The first card becomes the default; exactly one default
// while there are cards, also when two requests race for it; the default cannot be removed while
// others exist; a token is attached once; every change leaves an event; staff read only; anyone
// who is not a manager of the account sees no card route at all (404).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, type TestUser } from "../../factories/accounts.js";
import { addCard, CARDS, tokenise } from "../../factories/billing.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const cardsUrl = (accountId: string) => `/api/v1/billing-accounts/${accountId}/payment-methods`;

type Card = { id: string; brand: string; last4: string; expMonth: number; expYear: number; isDefault: boolean };

async function listCards(owner: TestUser, accountId: string): Promise<Card[]> {
  const res = await owner.client.get(cardsUrl(accountId));
  expect(res.statusCode, res.body).toBe(200);
  return res.json().paymentMethods;
}

async function defaultsInDb(accountId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom("payment_methods")
    .select("id")
    .where("billing_account_id", "=", accountId)
    .where("is_default", "=", true)
    .execute();
  return rows.map((r) => r.id);
}

async function eventActions(accountId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom("events")
    .select("action")
    .where("billing_account_id", "=", accountId)
    .where("action", "like", "billing_account.%payment_method%")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

describe("cards on file (B1, B2)", () => {
  it("the first card becomes the default; the list shows brand, last four, expiry and holder", async () => {
    const { account, owner } = await accountWithManagers(t);
    const first = await addCard(owner.client, account.id, CARDS.visa);
    const second = await addCard(owner.client, account.id, CARDS.mastercard);
    expect(first.isDefault).toBe(true);
    expect(second.isDefault).toBe(false);
    const year = new Date().getUTCFullYear() + 3;
    expect(await listCards(owner, account.id)).toEqual([
      expect.objectContaining({ id: first.id, brand: "visa", last4: "4242", expMonth: 12, expYear: year }),
      expect.objectContaining({ id: second.id, brand: "mastercard", last4: "4444", holderName: "Olive Owner" }),
    ]);
    expect(await defaultsInDb(account.id)).toEqual([first.id]);
  });

  it("changes expiry and holder, and makes another card the default: exactly one default, events for each", async () => {
    const { account, owner } = await accountWithManagers(t);
    const first = await addCard(owner.client, account.id);
    const second = await addCard(owner.client, account.id, CARDS.mastercard);
    const year = new Date().getUTCFullYear() + 5;

    const edited = await owner.client.patch(`${cardsUrl(account.id)}/${second.id}`, {
      expMonth: 7,
      expYear: year,
      holderName: "Olive O. Owner",
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ expMonth: 7, expYear: year, holderName: "Olive O. Owner", isDefault: false });
    const past = await owner.client.patch(`${cardsUrl(account.id)}/${second.id}`, { expMonth: 1, expYear: 2020 });
    expect(past.statusCode).toBe(400);

    const made = await owner.client.patch(`${cardsUrl(account.id)}/${second.id}`, { isDefault: true });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().isDefault).toBe(true);
    const listed = await listCards(owner, account.id);
    expect(listed.filter((c) => c.isDefault).map((c) => c.id)).toEqual([second.id]);
    expect(listed.find((c) => c.id === first.id)?.isDefault).toBe(false);
    expect(await defaultsInDb(account.id)).toEqual([second.id]);

    // The default cannot go while another card is on file; the other one can.
    const refused = await owner.client.delete(`${cardsUrl(account.id)}/${second.id}`);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, "default_payment_method"]);
    expect((await owner.client.delete(`${cardsUrl(account.id)}/${first.id}`)).statusCode).toBe(204);
    // Now the only card: it can be removed.
    expect((await owner.client.delete(`${cardsUrl(account.id)}/${second.id}`)).statusCode).toBe(204);
    expect(await listCards(owner, account.id)).toEqual([]);

    expect(await eventActions(account.id)).toEqual([
      "billing_account.payment_method_added",
      "billing_account.payment_method_added",
      "billing_account.payment_method_updated",
      "billing_account.default_payment_method_changed",
      "billing_account.payment_method_removed",
      "billing_account.payment_method_removed",
    ]);
  });

  it("refuses an unknown token (400), a token already attached (409), and another account's card token", async () => {
    const { account, owner } = await accountWithManagers(t);
    const theirs = await accountWithManagers(t);
    const unknown = await owner.client.post(cardsUrl(account.id), { token: "tok_doesnotexist", holderName: "O" });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, "invalid_card_token"]);

    const token = await tokenise(owner.client, CARDS.visa);
    expect((await owner.client.post(cardsUrl(account.id), { token, holderName: "O" })).statusCode).toBe(201);
    const again = await owner.client.post(cardsUrl(account.id), { token, holderName: "O" });
    expect([again.statusCode, again.json().error.code]).toEqual([409, "card_token_used"]);

    // The token behind another account's card cannot be attached here.
    const foreignToken = await tokenise(theirs.owner.client, CARDS.mastercard);
    expect(
      (await theirs.owner.client.post(cardsUrl(theirs.account.id), { token: foreignToken, holderName: "T" }))
        .statusCode,
    ).toBe(201);
    const stolen = await owner.client.post(cardsUrl(account.id), { token: foreignToken, holderName: "O" });
    expect([stolen.statusCode, stolen.json().error.code]).toEqual([409, "card_token_used"]);
    expect(stolen.body).not.toContain(foreignToken);
    expect((await listCards(owner, account.id)).map((c) => c.last4)).toEqual(["4242"]);
    expect((await listCards(theirs.owner, theirs.account.id)).map((c) => c.last4)).toEqual(["4444"]);
    expect(await eventActions(account.id)).toEqual(["billing_account.payment_method_added"]);
  });

  it("refuses an expired card with nothing stored", async () => {
    const { account, owner } = await accountWithManagers(t);
    const token = await tokenise(owner.client, CARDS.visa);
    await t.db.updateTable("sandbox_gateway_cards").set({ exp_year: 2020 }).where("token", "=", token).execute();
    const res = await owner.client.post(cardsUrl(account.id), { token, holderName: "O" });
    expect([res.statusCode, res.json().error.code]).toEqual([409, "card_expired"]);
    expect(await listCards(owner, account.id)).toEqual([]);
  });
});

describe("adding a card with an Idempotency-Key (B5)", () => {
  it("a retry with the same key and body answers the first 201 again and adds no second card", async () => {
    const { account, owner } = await accountWithManagers(t);
    const token = await tokenise(owner.client, CARDS.visa);
    const headers = { "idempotency-key": `add-card-${token}` };
    const first = await owner.client.post(cardsUrl(account.id), { token, holderName: "Olive Owner" }, headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await owner.client.post(cardsUrl(account.id), { token, holderName: "Olive Owner" }, headers);
    expect([again.statusCode, again.headers["idempotent-replayed"]], again.body).toEqual([201, "true"]);
    expect(again.json()).toEqual(first.json());
    const reused = await owner.client.post(cardsUrl(account.id), { token, holderName: "Someone Else" }, headers);
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, "idempotency_key_reused"]);
    expect(await listCards(owner, account.id)).toHaveLength(1);
  });

  it("a refusal is the key's answer too: replayed, not run again", async () => {
    const { account, owner } = await accountWithManagers(t);
    const headers = { "idempotency-key": `add-card-unknown-${Date.now()}` };
    const body = { token: "tok_unknown_to_the_gateway", holderName: "Olive Owner" };
    const first = await owner.client.post(cardsUrl(account.id), body, headers);
    const again = await owner.client.post(cardsUrl(account.id), body, headers);
    expect([first.statusCode, again.statusCode]).toEqual([400, 400]);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
  });
});

describe("who may see and change cards (A2)", () => {
  it("staff read but cannot change (403 staff_read_only); others get 404 on every card route", async () => {
    const { account, owner } = await accountWithManagers(t);
    const card = await addCard(owner.client, account.id);
    const staff = await signedInUser(t, { email: uniqueEmail("staff") });
    await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
    const stranger = await signedInUser(t, { email: uniqueEmail("stranger") });
    const other = await accountWithManagers(t); // a manager, of another account
    const token = await tokenise(owner.client, CARDS.mastercard);

    const routes = (client: TestUser["client"]) => [
      () => client.get(cardsUrl(account.id)),
      () => client.post(cardsUrl(account.id), { token, holderName: "X" }),
      () => client.patch(`${cardsUrl(account.id)}/${card.id}`, { holderName: "X" }),
      () => client.patch(`${cardsUrl(account.id)}/${card.id}`, { isDefault: true }),
      () => client.delete(`${cardsUrl(account.id)}/${card.id}`),
    ];

    const staffAnswers = [];
    for (const call of routes(staff.client)) staffAnswers.push(await call());
    expect(staffAnswers[0]!.statusCode).toBe(200);
    expect(staffAnswers[0]!.json().paymentMethods.map((c: Card) => c.id)).toEqual([card.id]);
    for (const res of staffAnswers.slice(1)) {
      expect([res.statusCode, res.json().error.code]).toEqual([403, "staff_read_only"]);
    }
    for (const user of [stranger, other.owner]) {
      for (const call of routes(user.client)) {
        const res = await call();
        expect([res.statusCode, res.json().error.code]).toEqual([404, "account_not_found"]);
      }
    }
    // Its own manager cannot reach this card through their own account either.
    const mine = other.account.id;
    for (const res of [
      await other.owner.client.patch(`${cardsUrl(mine)}/${card.id}`, { holderName: "X" }),
      await other.owner.client.patch(`${cardsUrl(mine)}/${card.id}`, { isDefault: true }),
      await other.owner.client.delete(`${cardsUrl(mine)}/${card.id}`),
    ]) {
      expect([res.statusCode, res.json().error.code]).toEqual([404, "payment_method_not_found"]);
    }
    // Nothing changed: the same one card, same holder, still the default.
    expect(await listCards(owner, account.id)).toEqual([
      expect.objectContaining({ id: card.id, holderName: "Olive Owner", isDefault: true }),
    ]);
  });
});

describe("exactly one default under concurrency (B2)", () => {
  it("cards made the default at once: exactly one default", async () => {
    const { account, owner } = await accountWithManagers(t);
    await addCard(owner.client, account.id);
    const others = [];
    for (const number of [CARDS.mastercard, CARDS.declined, CARDS.stolen]) {
      others.push(await addCard(owner.client, account.id, number));
    }
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        others.map((card) => owner.client.patch(`${cardsUrl(account.id)}/${card.id}`, { isDefault: true })),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(others.map(() => 200));
      const defaults = await defaultsInDb(account.id);
      expect(defaults).toHaveLength(1);
      expect(others.map((c) => c.id)).toContain(defaults[0]);
      expect((await listCards(owner, account.id)).filter((x) => x.isDefault)).toHaveLength(1);
    }
  });

  it("two first cards added at once: exactly one becomes the default", async () => {
    for (let round = 0; round < 3; round++) {
      const { account, owner } = await accountWithManagers(t);
      const tokens = [await tokenise(owner.client, CARDS.visa), await tokenise(owner.client, CARDS.mastercard)];
      const answers = await Promise.all(
        tokens.map((token) => owner.client.post(cardsUrl(account.id), { token, holderName: "Olive Owner" })),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
      expect(answers.filter((a) => a.json().isDefault)).toHaveLength(1);
      expect(await defaultsInDb(account.id)).toHaveLength(1);
    }
  });
});
