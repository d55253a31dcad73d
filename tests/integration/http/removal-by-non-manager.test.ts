// A2: removing a manager is answered 404 to anyone who does not manage the account (an outsider, a
// removed manager, someone only invited) before any rule of A3/A7/A8 is looked at, so the 409s
// (last_manager, is_subscription_contact, is_billing_contact) cannot tell them who manages it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, addManager, invite, managerIds, type TestUser } from "../../factories/accounts.js";
import { signedInUser } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

const managersPath = (accountId: string, userId: string) => `/api/v1/billing-accounts/${accountId}/managers/${userId}`;

/** A user who managed the account until `remover` removed them. */
async function removedManager(remover: TestUser, accountId: string): Promise<TestUser> {
  const user = await addManager(t, remover.client, accountId);
  expect((await remover.client.delete(managersPath(accountId, user.id))).statusCode).toBe(204);
  return user;
}

/** A signed-in user with a pending invitation to the account. */
async function invitee(inviter: TestUser, accountId: string): Promise<TestUser> {
  const user = await signedInUser(t);
  await invite(inviter.client, accountId, user.email);
  return user;
}

async function eventCount(accountId: string): Promise<number> {
  const row = await t.db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("billing_account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Setup = { accountId: string; targetId: string; ruleCode: string; actors: Record<string, TestUser> };

/** The one manager of an account whose contacts were detached by staff (A9): removing them is A3's 409. */
async function lastManager(): Promise<Setup> {
  const { account, owner } = await accountWithManagers(t, 0);
  const actors = {
    outsider: await signedInUser(t),
    "removed manager": await removedManager(owner, account.id),
    invitee: await invitee(owner, account.id),
  };
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
    .where("id", "=", account.id)
    .execute();
  return { accountId: account.id, targetId: owner.id, ruleCode: "last_manager", actors };
}

/** Two managers, the creator being the subscription contact and the other the billing contact (A8). */
async function contacts(): Promise<{ subscription: Setup; billing: Setup }> {
  const { account, owner, others } = await accountWithManagers(t, 1);
  const billingContact = others[0]!;
  const put = await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
    subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
    billingContact: { type: "manager", userId: billingContact.id, firstName: "Bill", lastName: "Ing" },
  });
  expect(put.statusCode, put.body).toBe(200);
  const actors = {
    outsider: await signedInUser(t),
    "removed manager": await removedManager(owner, account.id),
    invitee: await invitee(owner, account.id),
  };
  return {
    subscription: { accountId: account.id, targetId: owner.id, ruleCode: "is_subscription_contact", actors },
    billing: { accountId: account.id, targetId: billingContact.id, ruleCode: "is_billing_contact", actors },
  };
}

describe("A2: a non-manager removing a manager hears 404, whatever rule a manager would hear", () => {
  let cases: Setup[];
  beforeAll(async () => {
    const { subscription, billing } = await contacts();
    cases = [await lastManager(), subscription, billing];
  });

  for (const ruleCode of ["last_manager", "is_subscription_contact", "is_billing_contact"]) {
    for (const actor of ["outsider", "removed manager", "invitee"]) {
      it(`${actor}, where a manager would hear 409 ${ruleCode}: 404 and nothing changed`, async () => {
        const setup = cases.find((c) => c.ruleCode === ruleCode)!;
        const before = { managers: await managerIds(t, setup.accountId), events: await eventCount(setup.accountId) };
        const res = await setup.actors[actor]!.client.delete(managersPath(setup.accountId, setup.targetId));
        expect(res.statusCode, res.body).toBe(404);
        expect(res.json().error.code).toBe("account_not_found");
        expect(await managerIds(t, setup.accountId)).toEqual(before.managers);
        expect(await eventCount(setup.accountId)).toBe(before.events);
      });
    }
  }
});
