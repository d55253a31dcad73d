// I5 on the changes whose context read carries the session check (docs/decisions/008): invite,
// revoke, accept, decline and remove answer exactly as if the session had been checked first. A
// session that is missing, revoked, idle too long, past its absolute end, or whose user may no
// longer sign in answers 401 and changes nothing: no membership, no invitation state, no email,
// no event. A live session changes the account, and the event names its user as the actor.
import { sql, type UpdateObject } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/server/platform/db/schema.js";
import { addManager, createAccount, invite, type TestUser } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => t?.close());

/** An account with a second manager, an invitation to a signed-in invitee and one to an address. */
async function accountWithEverything() {
  const owner = await signedInUser(t);
  const account = await createAccount(owner.client);
  const other = await addManager(t, owner.client, account.id);
  const invitee = await signedInUser(t);
  const toInvitee = await invite(owner.client, account.id, invitee.email);
  const toAddress = await invite(owner.client, account.id, uniqueEmail("address"));
  return { owner, account, other, invitee, toInvitee, toAddress };
}

type Fixture = Awaited<ReturnType<typeof accountWithEverything>>;

/** Each change, as the person who may make it. */
const CHANGES: {
  name: string;
  as: (f: Fixture) => TestUser;
  send: (f: Fixture, c: TestClient) => ReturnType<TestClient["get"]>;
}[] = [
  {
    name: "invite",
    as: (f) => f.owner,
    send: (f, c) => c.post(`/api/v1/billing-accounts/${f.account.id}/invitations`, { email: uniqueEmail("new") }),
  },
  {
    name: "revoke",
    as: (f) => f.owner,
    send: (f, c) => c.delete(`/api/v1/billing-accounts/${f.account.id}/invitations/${f.toAddress}`),
  },
  { name: "accept", as: (f) => f.invitee, send: (f, c) => c.post(`/api/v1/invitations/${f.toInvitee}/accept`) },
  { name: "decline", as: (f) => f.invitee, send: (f, c) => c.post(`/api/v1/invitations/${f.toInvitee}/decline`) },
  {
    name: "remove",
    as: (f) => f.owner,
    send: (f, c) => c.delete(`/api/v1/billing-accounts/${f.account.id}/managers/${f.other.id}`),
  },
];

/** What a change would alter: the managers, the invitations' states, the events, the queued mail. */
async function stateOf(accountId: string) {
  const managers = await t.db
    .selectFrom("billing_account_managers")
    .select("user_id")
    .where("billing_account_id", "=", accountId)
    .orderBy("user_id")
    .execute();
  const invitations = await t.db
    .selectFrom("billing_account_invitations")
    .select(["id", "state"])
    .where("billing_account_id", "=", accountId)
    .orderBy("id")
    .execute();
  const events = await t.db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("billing_account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  const mail = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = 'mail'`.execute(t.db);
  return { managers, invitations, events: Number(events.n), mail: Number(mail.rows[0]?.n) };
}

/** Changes every session of `user`, the way time or a sign-out elsewhere would. */
const changeSessions = (user: TestUser, change: UpdateObject<Database, "sessions">) =>
  t.db.updateTable("sessions").set(change).where("user_id", "=", user.id).execute();

const DEAD_SESSIONS: { name: string; kill: (user: TestUser) => Promise<unknown> }[] = [
  { name: "revoked", kill: (u) => changeSessions(u, { revoked_at: new Date() }) },
  { name: "idle too long", kill: (u) => changeSessions(u, { last_seen_at: sql<Date>`now() - interval '13 hours'` }) },
  {
    name: "past its absolute end",
    kill: (u) => changeSessions(u, { expires_at: sql<Date>`now() - interval '1 second'` }),
  },
  {
    name: "of a deactivated login",
    kill: (u) => t.db.updateTable("users").set({ login_activated: false }).where("id", "=", u.id).execute(),
  },
  {
    name: "missing",
    kill: async (u) => {
      u.client.cookie = null;
    },
  },
  {
    name: "unknown",
    kill: async (u) => {
      u.client.cookie = "x".repeat(43);
    },
  },
];

describe("changes whose context read carries the session check", () => {
  for (const change of CHANGES) {
    it(`${change.name}: a live session's change happens, and its event names the session's user`, async () => {
      const f = await accountWithEverything();
      const actor = change.as(f);
      const before = await stateOf(f.account.id);
      const res = await change.send(f, actor.client);
      expect(res.statusCode, res.body).toBeLessThan(300);
      const after = await stateOf(f.account.id);
      expect(after).not.toEqual(before);
      const event = await t.db
        .selectFrom("events")
        .select(["actor_type", "actor_id", "action", "request_id", "ip"])
        .where("billing_account_id", "=", f.account.id)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({ actor_type: "user", actor_id: actor.id, ip: "127.0.0.1" });
      expect(event.request_id).toBeTruthy();
    });

    it(`${change.name}: a dead session answers 401 and changes nothing`, async () => {
      for (const dead of DEAD_SESSIONS) {
        const f = await accountWithEverything();
        const actor = change.as(f);
        await dead.kill(actor);
        const before = await stateOf(f.account.id);
        const res = await change.send(f, actor.client);
        expect(res.statusCode, `${dead.name}: ${res.body}`).toBe(401);
        expect(res.json().error.code).toBe("not_signed_in");
        expect(await stateOf(f.account.id), dead.name).toEqual(before);
      }
    });
  }

  it("a stranger's live session gets 404 and changes nothing (A2)", async () => {
    const f = await accountWithEverything();
    const stranger = await signedInUser(t);
    const before = await stateOf(f.account.id);
    for (const change of CHANGES.filter((c) => c.name !== "accept" && c.name !== "decline")) {
      const res = await change.send(f, stranger.client);
      expect(res.statusCode, `${change.name}: ${res.body}`).toBe(404);
    }
    expect(await stateOf(f.account.id)).toEqual(before);
  });

  it("records the session's use when the last record is more than a few minutes old", async () => {
    const f = await accountWithEverything();
    await changeSessions(f.owner, { last_seen_at: sql<Date>`now() - interval '10 minutes'` });
    const res = await f.owner.client.delete(`/api/v1/billing-accounts/${f.account.id}/invitations/${f.toAddress}`);
    expect(res.statusCode).toBe(204);
    const session = await t.db
      .selectFrom("sessions")
      .select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as("recent"))
      .where("user_id", "=", f.owner.id)
      .executeTakeFirstOrThrow();
    expect(session.recent).toBe(true);
  });
});
