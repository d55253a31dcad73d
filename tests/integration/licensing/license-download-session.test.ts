// I5 and A2 on the license download, whose one statement carries the session check (docs/decisions/013):
// it answers exactly as if the session had been checked first. A revoked, idle, expired or
// deactivated session answers 401 with nothing of the subscription (never 404 in place of 401);
// a live session that does not manage the account answers 404 like an unknown id; staff 403.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers } from "../../factories/accounts.js";
import { buySubscription } from "../../factories/subscriptions.js";
import { signedInUser } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => t?.close());

const url = (id: string) => `/api/v1/subscriptions/${id}/license`;

async function ownerWithLicense() {
  const { owner, account } = await accountWithManagers(t);
  const subscription = await buySubscription(owner, account.id, "self_managed");
  return { owner, subscription };
}

async function expectRefused(client: ReturnType<TestApp["client"]>, id: string, status: number, code: string) {
  const res = await client.get(url(id));
  expect([res.statusCode, res.json().error.code], res.body).toEqual([status, code]);
  expect(res.body).not.toContain("BILLFOLD LICENSE");
  if (status === 401) expect(res.body).not.toContain(id);
}

describe("S3 license download carries its session check (I5, A2, decision 013)", () => {
  it("answers 401 without a cookie, with a cookie no session has, and once the session is revoked", async () => {
    const { owner, subscription } = await ownerWithLicense();
    const cookie = owner.client.cookie;
    for (const value of [null, "x".repeat(43), "short"]) {
      owner.client.cookie = value;
      await expectRefused(owner.client, subscription.id, 401, "not_signed_in");
    }
    owner.client.cookie = cookie;
    await t.db.updateTable("sessions").set({ revoked_at: new Date() }).where("user_id", "=", owner.id).execute();
    await expectRefused(owner.client, subscription.id, 401, "not_signed_in");
  });

  it("answers 401 for a session idle too long, past its end, or whose login was deactivated", async () => {
    const changes = [
      (id: string) =>
        t.db
          .updateTable("sessions")
          .set({ last_seen_at: sql<Date>`now() - interval '13 hours'` })
          .where("user_id", "=", id),
      (id: string) =>
        t.db
          .updateTable("sessions")
          .set({ expires_at: sql<Date>`now() - interval '1 second'` })
          .where("user_id", "=", id),
      (id: string) => t.db.updateTable("users").set({ login_activated: false }).where("id", "=", id),
    ];
    for (const change of changes) {
      const { owner, subscription } = await ownerWithLicense();
      await change(owner.id).execute();
      await expectRefused(owner.client, subscription.id, 401, "not_signed_in");
    }
  });

  it("answers 404 to a live session for a subscription that is not theirs or does not exist (A2)", async () => {
    const { subscription } = await ownerWithLicense();
    const stranger = await signedInUser(t);
    await expectRefused(stranger.client, subscription.id, 404, "subscription_not_found");
    await expectRefused(stranger.client, "00000000-0000-4000-8000-000000000000", 404, "subscription_not_found");
  });

  it("answers 403 to staff, and the manager gets the file", async () => {
    const { owner, subscription } = await ownerWithLicense();
    const staff = await signedInUser(t);
    await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
    await expectRefused(staff.client, subscription.id, 403, "staff_read_only");
    const res = await owner.client.get(url(subscription.id));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain("-----BEGIN BILLFOLD LICENSE-----");
  });
});
