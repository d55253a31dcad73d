// A4: at most 15 pending invitations per account, also under concurrency; abuse limits (429 with
// Retry-After) on invitations per account and per inviter, and on removals per account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, invite } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

describe("A4: the pending-invitation cap", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  const pending = async (accountId: string) =>
    t.db
      .selectFrom("billing_account_invitations")
      .select(["id", "email"])
      .where("billing_account_id", "=", accountId)
      .where("state", "=", "pending")
      .execute();

  // Most of them lose the optimistic race and are decided again under the lock (docs/decisions/005):
  // each still counts once against the per-inviter limit of 30.
  it("20 invitations sent at once: exactly 15 succeed, 5 answer 409 too_many_pending_invitations", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email: uniqueEmail(`cap${i}`) }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(15);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(5);
    for (const r of refused)
      expect(r.json().error).toMatchObject({ code: "too_many_pending_invitations", details: { limit: 15 } });
    expect(await pending(account.id)).toHaveLength(15);
  });

  it("at the cap, renewing a pending invitation still works; an expired one frees a place", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const emails = Array.from({ length: 15 }, (_, i) => uniqueEmail(`full${i}`));
    for (const email of emails) await invite(owner.client, account.id, email);
    const renew = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email: emails[0] });
    expect(renew.statusCode).toBe(200);
    expect(renew.json().renewed).toBe(true);
    const over = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
      email: uniqueEmail(),
    });
    expect(over.statusCode).toBe(409);

    await t.db
      .updateTable("billing_account_invitations")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("billing_account_id", "=", account.id)
      .where("email", "=", emails[1]!)
      .execute();
    // A new address takes the freed place…
    const fresh = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
      email: uniqueEmail(),
    });
    expect(fresh.statusCode).toBe(201);
    // …so renewing the expired one would make 16 open invitations: refused.
    const reopen = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email: emails[1] });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error.code).toBe("too_many_pending_invitations");
    expect(await pending(account.id)).toHaveLength(16); // 15 open + 1 expired, still listed (A6)
  });
});

describe("abuse limits (RATE_LIMIT_SCALE=0.1: 3 invitations per inviter, 5 per account, 2 removals per account)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { RATE_LIMIT_SCALE: "0.1" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const invitationCount = async (accountId: string) =>
    (
      await t.db
        .selectFrom("billing_account_invitations")
        .select("id")
        .where("billing_account_id", "=", accountId)
        .execute()
    ).length;

  it("limits invitations per inviter: 429 with Retry-After, nothing sent", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    for (let i = 0; i < 3; i++) await invite(owner.client, account.id, uniqueEmail());
    const res = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email: uniqueEmail() });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe("rate_limited");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(await invitationCount(account.id)).toBe(3);
  });

  /** A manager added by staff (SP4): no invitation, so no invitation limit is used up. */
  async function staffAddedManager(accountId: string) {
    const user = await signedInUser(t);
    await t.db
      .insertInto("billing_account_managers")
      .values({ billing_account_id: accountId, user_id: user.id, source: "staff", invitation_id: null })
      .execute();
    return user;
  }

  it("limits invitations per account, across its managers", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const second = await staffAddedManager(account.id);
    for (let i = 0; i < 3; i++) await invite(owner.client, account.id, uniqueEmail()); // owner 3, account 3
    for (let i = 0; i < 2; i++) await invite(second.client, account.id, uniqueEmail()); // second 2, account 5
    const res = await second.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
      email: uniqueEmail(),
    });
    expect(res.statusCode).toBe(429); // second is at 3 of 3: the account's 6th is what is refused
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(await invitationCount(account.id)).toBe(5);
  });

  it("limits removals per account (refused removals count too)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const a = await staffAddedManager(account.id);
    const b = await staffAddedManager(account.id);
    expect((await owner.client.delete(`/api/v1/billing-accounts/${account.id}/managers/${a.id}`)).statusCode).toBe(204);
    expect((await b.client.delete(`/api/v1/billing-accounts/${account.id}/managers/${owner.id}`)).statusCode).toBe(409);
    const res = await owner.client.delete(`/api/v1/billing-accounts/${account.id}/managers/${b.id}`);
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    const left = await t.db
      .selectFrom("billing_account_managers")
      .select("user_id")
      .where("billing_account_id", "=", account.id)
      .execute();
    expect(left.map((r) => r.user_id).sort()).toEqual([owner.id, b.id].sort());
  });
});
