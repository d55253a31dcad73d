// A3, A7 (and the A8 contact guard on removal): removing managers and leaving.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, addManager, invite, managerIds } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const managersPath = (accountId: string, userId: string) => `/api/v1/billing-accounts/${accountId}/managers/${userId}`;

/** Staff detached the subscription contact (A9): now no manager is protected as a contact. */
async function detachContacts(accountId: string, ownerId: string) {
  await t.db
    .updateTable("billing_accounts")
    .set({
      subscription_contact_user_id: null,
      billing_contact_type: "custom",
      billing_contact_email: "billing@example.com",
      billing_contact_first_name: "Bill",
      billing_contact_last_name: "Ing",
      billing_contact_address_line1: "1 Main Street",
      billing_contact_address_city: "Berlin",
      billing_contact_address_postal_code: "10115",
      billing_contact_address_country: "DE",
    })
    .where("id", "=", accountId)
    .execute();
  expect(ownerId).toBeTruthy();
}

describe("A7: removing a manager", () => {
  it("lists managers with their contact roles", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}/managers`);
    expect(res.statusCode).toBe(200);
    const managers = res.json().managers;
    expect(managers).toHaveLength(2);
    expect(managers.find((m: { userId: string }) => m.userId === owner.id)).toMatchObject({
      isSubscriptionContact: true,
      isBillingContact: true,
      isYou: true,
    });
    expect(managers.find((m: { userId: string }) => m.userId === others[0]!.id)).toMatchObject({
      isSubscriptionContact: false,
      isBillingContact: false,
      isYou: false,
    });
  });

  it("any manager removes another; the removal is effective on the next request; the removed person is emailed", async () => {
    const { account, owner, others } = await accountWithManagers(t, 2);
    const [second, third] = others as [(typeof others)[0], (typeof others)[0]];
    // A non-creator manager removes another non-creator manager.
    const res = await second.client.delete(managersPath(account.id, third.id));
    expect(res.statusCode).toBe(204);
    expect(await managerIds(t, account.id)).toEqual([owner.id, second.id].sort());
    // The very next request by the removed manager is refused (A2, A7).
    expect((await third.client.get(`/api/v1/billing-accounts/${account.id}`)).statusCode).toBe(404);
    expect(
      (await third.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email: third.email }))
        .statusCode,
    ).toBe(404);
    const mail = await t.smtp.waitForMail((m) => m.to === third.email && /no longer a manager/.test(m.subject));
    expect(mail.text).toContain("Acme GmbH");
    expect(mail.text).toContain(second.email);
    const event = await t.db
      .selectFrom("events")
      .select(["action", "actor_id", "subject_id"])
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.manager_removed")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: "billing_account.manager_removed", actor_id: second.id, subject_id: third.id });
  });

  it("a manager can leave (remove themselves)", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const res = await others[0]!.client.delete(managersPath(account.id, others[0]!.id));
    expect(res.statusCode).toBe(204);
    expect(await managerIds(t, account.id)).toEqual([owner.id]);
    const events = await t.db
      .selectFrom("events")
      .select("action")
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.manager_left")
      .execute();
    expect(events).toHaveLength(1);
    await t.smtp.waitForMail((m) => m.to === others[0]!.email && /no longer a manager/.test(m.subject));
  });

  it("the pending invitations a removed manager sent are revoked; their links answer 410 (A7)", async () => {
    const { account, others } = await accountWithManagers(t, 1);
    const leaver = others[0]!;
    const friend = uniqueEmail("friend");
    const invitationId = await invite(leaver.client, account.id, friend);
    const mail = await t.smtp.waitForMail((m) => m.to === friend);
    const token = new URL(t.smtp.linkIn(mail, "/invitations/")).pathname.split("/").pop();
    expect((await leaver.client.delete(managersPath(account.id, leaver.id))).statusCode).toBe(204);
    const row = await t.db
      .selectFrom("billing_account_invitations")
      .select("state")
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe("revoked");
    const res = await t.client().post("/api/v1/invitations/accept", { token });
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe("invitation_revoked");
  });

  it("the last manager cannot leave: 409 last_manager (A3)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    await detachContacts(account.id, owner.id);
    const res = await owner.client.delete(managersPath(account.id, owner.id));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("last_manager");
    expect(await managerIds(t, account.id)).toEqual([owner.id]);
  });

  it("the subscription contact and the billing contact must be reassigned first: 409 (A7, A8)", async () => {
    const { account, owner, others } = await accountWithManagers(t, 2);
    const [second, third] = others as [(typeof others)[0], (typeof others)[0]];
    const asSubscription = await second.client.delete(managersPath(account.id, owner.id));
    expect(asSubscription.statusCode).toBe(409);
    expect(asSubscription.json().error.code).toBe("is_subscription_contact");

    const put = await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "manager", userId: third.id, firstName: "Third", lastName: "Person" },
    });
    expect(put.statusCode).toBe(200);
    const asBilling = await second.client.delete(managersPath(account.id, third.id));
    expect(asBilling.statusCode).toBe(409);
    expect(asBilling.json().error.code).toBe("is_billing_contact");
    expect(await managerIds(t, account.id)).toEqual([owner.id, second.id, third.id].sort());
  });

  it("the database refuses deleting a contact's membership, whatever the application does (A8)", async () => {
    const { account, owner } = await accountWithManagers(t, 1);
    await expect(
      sql`delete from billing_account_managers where billing_account_id = ${account.id} and user_id = ${owner.id}`.execute(
        t.db,
      ),
    ).rejects.toMatchObject({ code: "23503", constraint: "billing_accounts_subscription_contact_is_manager" });
  });

  it("removing someone who is not a manager of this account answers 404 manager_not_found", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const stranger = await signedInUser(t);
    const res = await owner.client.delete(managersPath(account.id, stranger.id));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("manager_not_found");
  });
});

describe("A3: never zero managers, under concurrency too", () => {
  it("two managers remove each other at the same moment: one 204, the other, removed by then, 404 (A2, A7)", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const second = others[0]!;
    // No contact protection: only the A3 count under the row lock stands between them and zero.
    await detachContacts(account.id, owner.id);
    const results = await Promise.all([
      owner.client.delete(managersPath(account.id, second.id)),
      second.client.delete(managersPath(account.id, owner.id)),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([204, 404]);
    const refused = results.find((r) => r.statusCode === 404)!;
    expect(refused.json().error.code).toBe("account_not_found");
    expect(await managerIds(t, account.id)).toHaveLength(1);
  });

  it("three managers all leave at once: at least one remains", async () => {
    const { account, owner, others } = await accountWithManagers(t, 2);
    await detachContacts(account.id, owner.id);
    const everyone = [owner, ...others];
    const results = await Promise.all(everyone.map((m) => m.client.delete(managersPath(account.id, m.id))));
    expect(results.filter((r) => r.statusCode === 204)).toHaveLength(2);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(["last_manager"]);
    expect(await managerIds(t, account.id)).toHaveLength(1);
  });

  it("with the subscription contact among them, two managers removing each other still leave one", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const second = others[0]!;
    const results = await Promise.all([
      owner.client.delete(managersPath(account.id, second.id)),
      second.client.delete(managersPath(account.id, owner.id)),
    ]);
    // The second hears 409 is_subscription_contact if decided first, else 404: removed by then.
    const statuses = results.map((r) => r.statusCode).sort();
    expect([
      [204, 404],
      [204, 409],
    ]).toContainEqual(statuses);
    expect(await managerIds(t, account.id)).toEqual([owner.id]);
  });

  it("a user can manage several accounts; leaving one leaves the others untouched", async () => {
    const shared = await signedInUser(t, { email: uniqueEmail("shared") });
    const a = await accountWithManagers(t, 0);
    const b = await accountWithManagers(t, 0);
    await addManager(t, a.owner.client, a.account.id, { email: shared.email });
    await addManager(t, b.owner.client, b.account.id, { email: shared.email });
    const list = (await shared.client.get("/api/v1/billing-accounts")).json().billingAccounts;
    expect(list.map((x: { id: string }) => x.id).sort()).toEqual([a.account.id, b.account.id].sort());
    expect((await shared.client.delete(managersPath(a.account.id, shared.id))).statusCode).toBe(204);
    const after = (await shared.client.get("/api/v1/billing-accounts")).json().billingAccounts;
    expect(after.map((x: { id: string }) => x.id)).toEqual([b.account.id]);
  });
});
