// CSRF (docs/ARCHITECTURE.md step 2): the Origin rule holds for every route under the API however
// the request spells its path: percent-encoded (`/%61pi/…`, which the router decodes) or in
// absolute form (`POST http://host/api/… HTTP/1.1`). Sent over a real socket, as written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, invite, managerIds } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { portOf, rawRequest } from "../../setup/raw-http.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp({ worker: false, listen: true });
  port = portOf(t.baseUrl);
});
afterAll(async () => {
  await t?.close();
});

const EVIL = "http://evil.example";

/** The ways of writing `/api` that reach the same routes. */
const spellings = {
  "percent-encoded path": () => "/%61pi",
  "absolute-form request line": () => `http://127.0.0.1:${port}/api`,
  "absolute form, percent-encoded": () => `http://127.0.0.1:${port}/%61p%69`,
};

async function accountState(accountId: string) {
  const invitations = await t.db
    .selectFrom("billing_account_invitations")
    .select(["id", "state", "email"])
    .where("billing_account_id", "=", accountId)
    .orderBy("id")
    .execute();
  return { managers: await managerIds(t, accountId), invitations };
}

describe.each(Object.entries(spellings))("%s", (_name, prefix) => {
  let accountId: string;
  let owner: Awaited<ReturnType<typeof signedInUser>>;
  let second: Awaited<ReturnType<typeof signedInUser>>;
  let invitee: Awaited<ReturnType<typeof signedInUser>>;
  let invitationId: string;
  beforeAll(async () => {
    const made = await accountWithManagers(t, 1);
    accountId = made.account.id;
    owner = made.owner;
    second = made.others[0]!;
    invitee = await signedInUser(t);
    invitationId = await invite(owner.client, accountId, invitee.email);
  });

  const cookieOf = (user: { client: { cookie: string | null } }) => `billfold_session=${user.client.cookie}`;

  it("reaches the API's routes, signed in (the session is looked up for it too)", async () => {
    const res = await rawRequest(port, "GET", `${prefix()}/v1/me`, { headers: { cookie: cookieOf(owner) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().email).toBe(owner.email);
  });

  const attacks = [
    {
      name: "accept by id, bodyless",
      as: () => invitee,
      method: "POST",
      path: () => `/v1/invitations/${invitationId}/accept`,
    },
    {
      name: "decline by id, bodyless",
      as: () => invitee,
      method: "POST",
      path: () => `/v1/invitations/${invitationId}/decline`,
    },
    {
      name: "invite",
      as: () => owner,
      method: "POST",
      path: () => `/v1/billing-accounts/${accountId}/invitations`,
      body: () => JSON.stringify({ email: uniqueEmail("csrf") }),
    },
    {
      name: "revoke an invitation",
      as: () => owner,
      method: "DELETE",
      path: () => `/v1/billing-accounts/${accountId}/invitations/${invitationId}`,
    },
    {
      name: "remove a manager",
      as: () => owner,
      method: "DELETE",
      path: () => `/v1/billing-accounts/${accountId}/managers/${second.id}`,
    },
  ];

  for (const attack of attacks) {
    it(`${attack.name} with a foreign Origin: 403 origin_mismatch, nothing changed`, async () => {
      const before = await accountState(accountId);
      const body = attack.body?.();
      const res = await rawRequest(port, attack.method, `${prefix()}${attack.path()}`, {
        headers: {
          cookie: cookieOf(attack.as()),
          origin: EVIL,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe("origin_mismatch");
      expect(await accountState(accountId)).toEqual(before);
    });
  }

  it("with the cookie and no Origin at all: 403 origin_mismatch", async () => {
    const before = await accountState(accountId);
    const res = await rawRequest(port, "POST", `${prefix()}/v1/invitations/${invitationId}/accept`, {
      headers: { cookie: cookieOf(invitee) },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe("origin_mismatch");
    expect(await accountState(accountId)).toEqual(before);
  });
});
