// S2: a SaaS subscription links to at most one GitLab.com group and a group to at most one
// subscription. Managers link, change and unlink it (reseller customers too, R1); a taken group
// answers 409 namespace_taken without naming who holds it, decided by the unique index, also for
// two links at the same moment. A refused link writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers } from "../../factories/accounts.js";
import { buySubscription, resellerOwned, subscriptionRow } from "../../factories/subscriptions.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { eventActions } from "../../setup/inspect.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

let groups = 0;
const uniqueGroup = (prefix = "acme") => `${prefix}-${Date.now().toString(36)}-${++groups}`;
const url = (id: string) => `/api/v1/subscriptions/${id}/namespace`;

async function saasSubscription() {
  const { owner, account } = await accountWithManagers(t);
  const subscription = await buySubscription(owner, account.id, "saas");
  return { owner, accountId: account.id, subscription };
}

describe("S2 namespaces", () => {
  it("a manager links a group (stored lower-case), changes it, links the same again (no event), and unlinks", async () => {
    const { owner, subscription } = await saasSubscription();
    const group = uniqueGroup("Acme");
    const linked = await owner.client.put(url(subscription.id), { namespace: ` ${group}/Platform ` });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().namespace).toBe(`${group.toLowerCase()}/platform`);
    expect((await owner.client.get(`/api/v1/subscriptions/${subscription.id}`)).json().namespace).toBe(
      `${group.toLowerCase()}/platform`,
    );

    const other = uniqueGroup();
    const changed = await owner.client.put(url(subscription.id), { namespace: other });
    expect([changed.statusCode, changed.json().namespace]).toEqual([200, other]);
    const again = await owner.client.put(url(subscription.id), { namespace: other.toUpperCase() });
    expect([again.statusCode, again.json().namespace]).toEqual([200, other]);

    const unlinked = await owner.client.delete(url(subscription.id));
    expect([unlinked.statusCode, unlinked.json().namespace]).toEqual([200, null]);
    const unlinkedAgain = await owner.client.delete(url(subscription.id));
    expect([unlinkedAgain.statusCode, unlinkedAgain.json().namespace]).toEqual([200, null]);

    // AU1: one event per change; the repeated link and unlink wrote none.
    const actions = (await eventActions(t.db, subscription.id)).filter((a) => a.includes("namespace"));
    expect(actions).toEqual([
      "subscription.namespace_linked",
      "subscription.namespace_changed",
      "subscription.namespace_unlinked",
    ]);
    // The group is free again: another subscription may take it.
    const next = await saasSubscription();
    expect((await next.owner.client.put(url(next.subscription.id), { namespace: other })).statusCode).toBe(200);
  });

  it("S2: a group linked elsewhere answers 409 namespace_taken with the same message whoever holds it; nothing written", async () => {
    const a = await saasSubscription();
    const mine = await buySubscription(a.owner, a.accountId, "saas");
    const b = await saasSubscription();
    const group = uniqueGroup();
    expect((await b.owner.client.put(url(b.subscription.id), { namespace: group })).statusCode).toBe(200);
    const ownGroup = uniqueGroup();
    expect((await a.owner.client.put(url(mine.id), { namespace: ownGroup })).statusCode).toBe(200);

    const before = await subscriptionRow(t, a.subscription.id);
    const eventsBefore = await eventActions(t.db, a.subscription.id);
    const byOther = await a.owner.client.put(url(a.subscription.id), { namespace: group.toUpperCase() });
    const byOwn = await a.owner.client.put(url(a.subscription.id), { namespace: ownGroup });
    for (const res of [byOther, byOwn]) {
      expect([res.statusCode, res.json().error.code]).toEqual([409, "namespace_taken"]);
    }
    expect(byOther.json().error.message).toBe(byOwn.json().error.message);
    expect(byOther.body).not.toContain(b.accountId);
    expect(byOther.body).not.toContain(b.subscription.subscriptionNumber);
    expect(await subscriptionRow(t, a.subscription.id)).toEqual(before);
    expect(await eventActions(t.db, a.subscription.id)).toEqual(eventsBefore);
  });

  it("S2: two subscriptions linking one group at the same moment: one 200, one 409, one link stored", async () => {
    const a = await saasSubscription();
    const b = await saasSubscription();
    const group = uniqueGroup("race");
    const results = await Promise.all([
      a.owner.client.put(url(a.subscription.id), { namespace: group }),
      b.owner.client.put(url(b.subscription.id), { namespace: group }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe("namespace_taken");
    const holders = await t.db.selectFrom("subscriptions").select("id").where("namespace", "=", group).execute();
    expect(holders).toHaveLength(1);
  });

  it("a self-managed subscription answers 409 wrong_deployment; an ended one cannot link but can unlink", async () => {
    const { owner, accountId, subscription } = await saasSubscription();
    const selfManaged = await buySubscription(owner, accountId, "self_managed");
    const refused = await owner.client.put(url(selfManaged.id), { namespace: uniqueGroup() });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, "wrong_deployment"]);
    expect((await subscriptionRow(t, selfManaged.id)).namespace).toBeNull();

    const group = uniqueGroup();
    expect((await owner.client.put(url(subscription.id), { namespace: group })).statusCode).toBe(200);
    await t.db.updateTable("subscriptions").set({ status: "expired" }).where("id", "=", subscription.id).execute();
    const ended = await owner.client.put(url(subscription.id), { namespace: uniqueGroup() });
    expect([ended.statusCode, ended.json().error.code]).toEqual([409, "subscription_ended"]);
    expect((await subscriptionRow(t, subscription.id)).namespace).toBe(group);
    const unlinked = await owner.client.delete(url(subscription.id));
    expect([unlinked.statusCode, unlinked.json().namespace]).toEqual([200, null]);
  });

  it("refuses a malformed group path with 400 and names the field", async () => {
    const { owner, subscription } = await saasSubscription();
    for (const namespace of ["", "a//b", "/acme", "acme/", "-acme", "acme group", "x".repeat(256)]) {
      const res = await owner.client.put(url(subscription.id), { namespace });
      expect(res.statusCode, namespace).toBe(400);
      expect(res.json().error.details?.[0]?.path).toBe("namespace");
    }
    expect((await owner.client.put(url(subscription.id), { namespace: "acme", extra: 1 })).statusCode).toBe(400);
  });

  it("R1: on a reseller account a manager links the group, while auto-renew and add-ons stay 403 reseller_read_only", async () => {
    const { owner, accountId, subscription } = await saasSubscription();
    await resellerOwned(t, accountId);
    const group = uniqueGroup("reseller");
    const res = await owner.client.put(url(subscription.id), { namespace: group });
    expect([res.statusCode, res.json().namespace, res.json().invoiceOwner]).toEqual([200, group, "reseller"]);
    const before = await subscriptionRow(t, subscription.id);
    const autoRenew = await owner.client.patch(`/api/v1/subscriptions/${subscription.id}`, { autoRenew: false });
    const addOn = await owner.client.post(`/api/v1/subscriptions/${subscription.id}/add-ons/preview`, {
      kind: "seats",
      quantity: 1,
    });
    for (const refused of [autoRenew, addOn]) {
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, "reseller_read_only"]);
    }
    expect(await subscriptionRow(t, subscription.id)).toEqual(before);
  });

  it("staff answer 403 staff_read_only; another account's manager 404; nothing written", async () => {
    const { subscription } = await saasSubscription();
    const staff = await signedInUser(t, { email: uniqueEmail("staff") });
    await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
    const stranger = await signedInUser(t, { email: uniqueEmail("stranger") });
    const before = await subscriptionRow(t, subscription.id);
    const byStaff = await staff.client.put(url(subscription.id), { namespace: uniqueGroup() });
    expect([byStaff.statusCode, byStaff.json().error.code]).toEqual([403, "staff_read_only"]);
    const byStranger = await stranger.client.put(url(subscription.id), { namespace: uniqueGroup() });
    expect([byStranger.statusCode, byStranger.json().error.code]).toEqual([404, "subscription_not_found"]);
    expect(await subscriptionRow(t, subscription.id)).toEqual(before);
  });
});
