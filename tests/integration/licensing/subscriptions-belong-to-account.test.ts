// S1: a subscription belongs to the billing account, never to a user. Removing the manager who
// bought it, or changing the subscription and billing contacts, leaves every subscription of the
// account as it was (its number, plan, seats, term, status, group link, code and binding).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADDRESS, accountWithManagers, addManager } from "../../factories/accounts.js";
import { activationCodeOf, buySubscription } from "../../factories/subscriptions.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

const rowsOf = (accountId: string) =>
  t.db.selectFrom("subscriptions").selectAll().where("billing_account_id", "=", accountId).orderBy("id").execute();

describe("S1 subscriptions belong to the billing account", () => {
  it("removing the manager who bought them and changing the contacts changes no subscription", async () => {
    const { owner, account } = await accountWithManagers(t);
    const buyer = await addManager(t, owner.client, account.id, { firstName: "Bea", lastName: "Buyer" });
    const saas = await buySubscription(buyer, account.id, "saas");
    const selfManaged = await buySubscription(buyer, account.id, "self_managed");
    expect(
      (await buyer.client.put(`/api/v1/subscriptions/${saas.id}/namespace`, { namespace: `s1-${Date.now()}` }))
        .statusCode,
    ).toBe(200);
    const code = await activationCodeOf(t, selfManaged.id);
    expect((await t.client().post("/api/v1/activations", { code, instanceId: "s1-instance" })).statusCode).toBe(200);
    const before = await rowsOf(account.id);
    const listedBefore = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/subscriptions`)).json();

    // The subscription and billing contacts move to the buyer, then to the owner and a custom address.
    const toBuyer = await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: buyer.id, firstName: "Bea", lastName: "Buyer" },
      billingContact: { type: "subscription_contact" },
    });
    expect(toBuyer.statusCode, toBuyer.body).toBe(200);
    const toOwner = await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: {
        type: "custom",
        firstName: "Bill",
        lastName: "Payer",
        email: "ap@customer.example",
        address: ADDRESS,
      },
    });
    expect(toOwner.statusCode, toOwner.body).toBe(200);
    const removed = await owner.client.delete(`/api/v1/billing-accounts/${account.id}/managers/${buyer.id}`);
    expect(removed.statusCode, removed.body).toBe(204);

    expect(await rowsOf(account.id)).toEqual(before);
    const listedAfter = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/subscriptions`)).json();
    expect(listedAfter).toEqual(listedBefore);
    // The removed buyer no longer sees them (A2), though they bought them.
    const byBuyer = await buyer.client.get(`/api/v1/subscriptions/${saas.id}`);
    expect(byBuyer.statusCode).toBe(404);
  });
});
