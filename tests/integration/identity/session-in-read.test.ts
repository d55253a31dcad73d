// I5 on the routes whose read carries the session check (docs/decisions/007): the account
// overview and the managers and invitations lists answer exactly as if the session had been
// checked first. A session that is revoked, idle too long, past its absolute end, or whose user
// may no longer sign in answers 401 — never the account, and never 404 in place of 401.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../factories/accounts.js";
import { signedInUser } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => t?.close());

const paths = (id: string) => [
  `/api/v1/billing-accounts/${id}`,
  `/api/v1/billing-accounts/${id}/managers`,
  `/api/v1/billing-accounts/${id}/invitations`,
];

async function managerWithAccount() {
  const owner = await signedInUser(t);
  const account = await createAccount(owner.client);
  return { owner, account };
}

async function expectEverywhere(client: ReturnType<TestApp["client"]>, id: string, status: number) {
  for (const path of paths(id)) {
    const res = await client.get(path);
    expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
    if (status === 401) {
      expect(res.json().error.code).toBe("not_signed_in");
      expect(res.body).not.toContain(id);
    }
  }
}

describe("reads that carry their session check", () => {
  it("answer a live session's manager", async () => {
    const { owner, account } = await managerWithAccount();
    await expectEverywhere(owner.client, account.id, 200);
    const managers = await owner.client.get(`/api/v1/billing-accounts/${account.id}/managers`);
    expect(managers.json().managers.map((m: { userId: string }) => m.userId)).toEqual([owner.id]);
  });

  it("answer 401 without a cookie, and with a cookie no session has", async () => {
    const { owner, account } = await managerWithAccount();
    owner.client.cookie = null;
    await expectEverywhere(owner.client, account.id, 401);
    owner.client.cookie = "x".repeat(43);
    await expectEverywhere(owner.client, account.id, 401);
    owner.client.cookie = "short";
    await expectEverywhere(owner.client, account.id, 401);
  });

  it("answer 401 once the session is revoked (signed out elsewhere)", async () => {
    const { owner, account } = await managerWithAccount();
    await t.db.updateTable("sessions").set({ revoked_at: new Date() }).where("user_id", "=", owner.id).execute();
    await expectEverywhere(owner.client, account.id, 401);
  });

  it("answer 401 for a session idle too long or past its absolute end", async () => {
    const changes = [
      { last_seen_at: sql<Date>`now() - interval '13 hours'` },
      { expires_at: sql<Date>`now() - interval '1 second'` },
    ];
    for (const change of changes) {
      const { owner, account } = await managerWithAccount();
      await t.db.updateTable("sessions").set(change).where("user_id", "=", owner.id).execute();
      await expectEverywhere(owner.client, account.id, 401);
    }
  });

  it("answer 401 when the user's login was deactivated", async () => {
    const { owner, account } = await managerWithAccount();
    await t.db.updateTable("users").set({ login_activated: false }).where("id", "=", owner.id).execute();
    await expectEverywhere(owner.client, account.id, 401);
  });

  it("answer 404 to a live session for an account that is not theirs or does not exist (A2)", async () => {
    const { account } = await managerWithAccount();
    const stranger = await signedInUser(t);
    await expectEverywhere(stranger.client, account.id, 404);
    await expectEverywhere(stranger.client, "00000000-0000-4000-8000-000000000000", 404);
  });

  it("record the session's use when the last record is more than a few minutes old", async () => {
    const { owner, account } = await managerWithAccount();
    const lastSeen = () =>
      t.db
        .selectFrom("sessions")
        .select("last_seen_at")
        .where("user_id", "=", owner.id)
        .executeTakeFirstOrThrow()
        .then((row) => row.last_seen_at.getTime());
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: sql<Date>`now() - interval '10 minutes'` })
      .where("user_id", "=", owner.id)
      .execute();
    const before = await lastSeen();
    const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}/managers`);
    expect(res.statusCode).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(before + 9 * 60 * 1000);
  });
});
