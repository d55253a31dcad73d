// A7 + A3 under real concurrency (PostgreSQL only: PGlite has one connection, so nothing can wait
// on a row lock there). A request that had already decided, or was waiting for the account row
// lock, when its actor was removed must see the removal: "removal takes effect on the next
// request" must not leave a window in which a removed manager invites themselves back in.
//
// The invitation decides on a read taken before the removal commits; its guarded write waits for
// the row lock, finds the version moved, fails as a whole and is decided again under the lock
// (docs/decisions/005). The contacts change is a transaction that reads after the lock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers } from "../../factories/accounts.js";
import { uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.runIf(onPostgres)("A7: a removal is seen by requests already waiting for the lock", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  /**
   * Holds the account row lock while `removed` is taken off the account, as a concurrent removal
   * would: the removal moves the account's version with it.
   */
  async function whileRemoving(accountId: string, removedId: string, during: () => Promise<void>) {
    await t.db.transaction().execute(async (tx) => {
      await tx
        .updateTable("billing_accounts")
        .set((eb) => ({ version: eb("version", "+", 1) }))
        .where("id", "=", accountId)
        .execute();
      await tx
        .deleteFrom("billing_account_managers")
        .where("billing_account_id", "=", accountId)
        .where("user_id", "=", removedId)
        .execute();
      await during();
    });
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("an invitation sent by a manager removed while it waited is refused (404), none is created", async () => {
    const { account, others } = await accountWithManagers(t, 1);
    const removed = others[0]!;
    let pending!: ReturnType<typeof removed.client.post>;
    await whileRemoving(account.id, removed.id, async () => {
      pending = removed.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
        email: uniqueEmail("comeback"),
      });
      await sleep(300); // the request has read its context and its guarded write waits for the row lock
    });
    const res = await pending;
    expect(res.statusCode).toBe(404);
    const sent = await t.db
      .selectFrom("billing_account_invitations")
      .select("id")
      .where("invited_by_user_id", "=", removed.id)
      .execute();
    expect(sent).toEqual([]);
  });

  it("a contacts change by a manager removed while it waited is refused (404)", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const removed = others[0]!;
    let pending!: ReturnType<typeof removed.client.put>;
    await whileRemoving(account.id, removed.id, async () => {
      pending = removed.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
        subscriptionContact: { userId: owner.id, firstName: "Changed", lastName: "ByRemoved" },
        billingContact: { type: "subscription_contact" },
      });
      await sleep(300);
    });
    expect((await pending).statusCode).toBe(404);
    const row = await t.db
      .selectFrom("billing_accounts")
      .select("subscription_contact_first_name")
      .where("id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(row.subscription_contact_first_name).toBe("Olive");
  });
});
