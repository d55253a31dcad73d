// A8, A9 (and A10 for contacts): the subscription and billing contacts.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBillingAccount } from "../../../src/server/modules/accounts/index.js";
import { ADDRESS, accountWithManagers, addManager } from "../../factories/accounts.js";
import { signedInUser } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

const contactsPath = (id: string) => `/api/v1/billing-accounts/${id}/contacts`;

async function accountRow(id: string) {
  return t.db.selectFrom("billing_accounts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe("A8: contacts", () => {
  it("the creator is the subscription contact and the billing contact defaults to it", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const res = await owner.client.get(contactsPath(account.id));
    expect(res.statusCode).toBe(200);
    const contact = {
      userId: owner.id,
      email: owner.email,
      firstName: "Olive",
      lastName: "Owner",
      phone: null,
      address: null,
    };
    expect(res.json()).toEqual({
      subscriptionContact: contact,
      billingContact: { type: "subscription_contact", ...contact },
      warnings: [],
    });
  });

  it("a manager moves the subscription contact to another manager and sets a custom billing contact", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const second = others[0]!;
    const body = {
      subscriptionContact: {
        userId: second.id,
        firstName: "Sam",
        lastName: "Second",
        phone: "+49 30 1234567",
        address: { ...ADDRESS, line2: "Floor 3" },
      },
      billingContact: {
        type: "custom",
        firstName: "Bea",
        lastName: "Books",
        email: "Accounts@Example.com",
        phone: "",
        address: { ...ADDRESS, country: "FR", city: "Paris", postalCode: "75001" },
      },
    };
    const res = await owner.client.put(contactsPath(account.id), body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().subscriptionContact).toEqual({
      userId: second.id,
      email: second.email,
      firstName: "Sam",
      lastName: "Second",
      phone: "+49 30 1234567",
      address: { ...ADDRESS, line2: "Floor 3", region: null },
    });
    expect(res.json().billingContact).toEqual({
      type: "custom",
      userId: null,
      email: "Accounts@Example.com",
      firstName: "Bea",
      lastName: "Books",
      phone: null,
      address: { ...ADDRESS, country: "FR", city: "Paris", postalCode: "75001", line2: null, region: null },
    });
    expect((await owner.client.get(contactsPath(account.id))).json()).toEqual(res.json());
    // The previous subscription contact is no longer protected from removal; the new one is.
    const managers = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/managers`)).json().managers;
    expect(managers.find((m: { userId: string }) => m.userId === second.id).isSubscriptionContact).toBe(true);
    expect(managers.find((m: { userId: string }) => m.userId === owner.id).isBillingContact).toBe(false);
    const event = await t.db
      .selectFrom("events")
      .select(["summary", "actor_id"])
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.contacts_updated")
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(owner.id);
    expect(event.summary).toMatchObject({ subscriptionContact: { from: owner.id, to: second.id } });
  });

  it("the billing contact can be another manager", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const res = await owner.client.put(contactsPath(account.id), {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "manager", userId: others[0]!.id, firstName: "Max", lastName: "Manager" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().billingContact).toMatchObject({
      type: "manager",
      userId: others[0]!.id,
      email: others[0]!.email,
    });
  });

  it("a contact must be a manager of this account: 404 manager_not_found, nothing changes", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const stranger = await signedInUser(t);
    const before = await accountRow(account.id);
    for (const body of [
      {
        subscriptionContact: { userId: stranger.id, firstName: "S", lastName: "T" },
        billingContact: { type: "subscription_contact" },
      },
      {
        subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
        billingContact: { type: "manager", userId: stranger.id, firstName: "S", lastName: "T" },
      },
    ]) {
      const res = await owner.client.put(contactsPath(account.id), body);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("manager_not_found");
    }
    expect(await accountRow(account.id)).toEqual(before);
  });

  it("the composite foreign keys reject a contact who is not a manager, even from raw SQL (A8)", async () => {
    const { account } = await accountWithManagers(t, 0);
    const stranger = await signedInUser(t);
    await expect(
      sql`update billing_accounts set subscription_contact_user_id = ${stranger.id} where id = ${account.id}`.execute(
        t.db,
      ),
    ).rejects.toMatchObject({ code: "23503", constraint: "billing_accounts_subscription_contact_is_manager" });
    await expect(
      sql`update billing_accounts set billing_contact_type = 'manager', billing_contact_user_id = ${stranger.id}
          where id = ${account.id}`.execute(t.db),
    ).rejects.toMatchObject({ code: "23503", constraint: "billing_accounts_billing_contact_is_manager" });
  });

  it("validates contact details: a custom contact needs an email and an address; phones are digits", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const sub = { userId: owner.id, firstName: "Olive", lastName: "Owner" };
    for (const billingContact of [
      { type: "custom", firstName: "A", lastName: "B", email: "a@example.com" },
      { type: "custom", firstName: "A", lastName: "B", address: ADDRESS },
      { type: "custom", firstName: "A", lastName: "B", email: "not-an-email", address: ADDRESS },
      { type: "nobody" },
    ]) {
      const res = await owner.client.put(contactsPath(account.id), { subscriptionContact: sub, billingContact });
      expect(res.statusCode).toBe(400);
    }
    const phone = await owner.client.put(contactsPath(account.id), {
      subscriptionContact: { ...sub, phone: "call me maybe" },
      billingContact: { type: "subscription_contact" },
    });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details[0].path).toBe("subscriptionContact.phone");
  });

  it("contacts stay self-service on reseller accounts (A10)", async () => {
    const owner = await signedInUser(t, { firstName: "Rita", lastName: "Reseller" });
    const account = await createBillingAccount(
      t,
      owner.id,
      { companyName: "Via Reseller Ltd", address: ADDRESS },
      { requestId: null, ip: null, actor: { type: "system", id: null } },
      { channel: "reseller", resellerName: "Channel Partner Inc" },
    );
    const second = await addManager(t, owner.client, account.id);
    const res = await owner.client.put(contactsPath(account.id), {
      subscriptionContact: { userId: second.id, firstName: "New", lastName: "Contact" },
      billingContact: { type: "subscription_contact" },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe("A9: warnings", () => {
  it("warns when a contact's stored name differs from the manager's profile name", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const put = await owner.client.put(contactsPath(account.id), {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "manager", userId: others[0]!.id, firstName: "Robert", lastName: "Tables" },
    });
    expect(put.json().warnings).toEqual([
      expect.objectContaining({ code: "contact_name_differs", contact: "billing" }),
    ]);
    // The subscription contact renames their profile: now both differ.
    expect((await owner.client.patch("/api/v1/me", { firstName: "Olivia" })).statusCode).toBe(200);
    const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}`);
    expect(res.json().warnings.map((w: { code: string; contact: string }) => `${w.code}:${w.contact}`)).toEqual([
      "contact_name_differs:subscription",
      "contact_name_differs:billing",
    ]);
  });

  it("warns when the subscription contact is no longer a manager (staff removed them)", async () => {
    const { account, owner } = await accountWithManagers(t, 1);
    // What the support console does when it removes the subscription contact (SP4).
    await t.db
      .updateTable("billing_accounts")
      .set({ subscription_contact_user_id: null })
      .where("id", "=", account.id)
      .execute();
    const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}`);
    expect(res.json().warnings).toEqual([
      expect.objectContaining({ code: "subscription_contact_not_manager", contact: "subscription" }),
    ]);
    const contacts = (await owner.client.get(contactsPath(account.id))).json();
    expect(contacts.subscriptionContact).toMatchObject({ userId: null, email: null, firstName: "Olive" });
    expect(contacts.warnings).toHaveLength(1);
  });
});
