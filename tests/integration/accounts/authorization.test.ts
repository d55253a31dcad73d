// A2: the authorization matrix, generated from one table: every account route × every kind of
// caller → the expected status. A refused request must change nothing (rows compared before and
// after). Also: ids from another account under this account's path → 404, no change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADDRESS, addManager, createAccount, invite, type TestUser } from "../../factories/accounts.js";
import { activationCodeOf, buySubscription, resellerOwned, subscriptionRow } from "../../factories/subscriptions.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
let owner: TestUser; // manager of account A (its creator, subscription contact)
let accountId: string;
let other: TestUser; // manager of account B
let otherAccountId: string;
let otherInvitationId: string;
let removed: TestUser; // was a manager of A, then removed
let invitee: TestUser; // has a pending invitation to A, not accepted
let staff: TestUser; // staff: may read (A2), may not change here

type Actor = "manager" | "otherManager" | "removedManager" | "invitee" | "staff" | "signedOut";
const ACTORS: Actor[] = ["manager", "otherManager", "removedManager", "invitee", "staff", "signedOut"];

function clientOf(actor: Actor): TestClient {
  switch (actor) {
    case "manager":
      return owner.client;
    case "otherManager":
      return other.client;
    case "removedManager":
      return removed.client;
    case "invitee":
      return invitee.client;
    case "staff":
      return staff.client;
    case "signedOut":
      return t.client();
  }
}

type Route = {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  write: boolean;
  /** Status for the account's manager. */
  ok: number;
  /** Makes what the request needs (a manager to remove, an invitation to revoke) and returns path and body. */
  prepare(): Promise<{ path: string; body?: unknown }>;
};

const base = () => `/api/v1/billing-accounts/${accountId}`;

const ROUTES: Route[] = [
  { name: "GET account", method: "GET", write: false, ok: 200, prepare: async () => ({ path: base() }) },
  {
    name: "PATCH account",
    method: "PATCH",
    write: true,
    ok: 200,
    prepare: async () => ({ path: base(), body: { companyName: `Renamed ${uniqueEmail("n")}` } }),
  },
  { name: "GET managers", method: "GET", write: false, ok: 200, prepare: async () => ({ path: `${base()}/managers` }) },
  {
    name: "DELETE manager",
    method: "DELETE",
    write: true,
    ok: 204,
    prepare: async () => {
      const target = await addManager(t, owner.client, accountId);
      return { path: `${base()}/managers/${target.id}` };
    },
  },
  {
    name: "GET invitations",
    method: "GET",
    write: false,
    ok: 200,
    prepare: async () => ({ path: `${base()}/invitations` }),
  },
  {
    name: "POST invitation",
    method: "POST",
    write: true,
    ok: 201,
    prepare: async () => ({ path: `${base()}/invitations`, body: { email: uniqueEmail("matrix") } }),
  },
  {
    name: "DELETE invitation",
    method: "DELETE",
    write: true,
    ok: 204,
    prepare: async () => {
      const id = await invite(owner.client, accountId, uniqueEmail("revoke"));
      return { path: `${base()}/invitations/${id}` };
    },
  },
  { name: "GET contacts", method: "GET", write: false, ok: 200, prepare: async () => ({ path: `${base()}/contacts` }) },
  {
    name: "PUT contacts",
    method: "PUT",
    write: true,
    ok: 200,
    prepare: async () => ({
      path: `${base()}/contacts`,
      body: {
        subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
        billingContact: {
          type: "custom",
          firstName: "Bill",
          lastName: uniqueEmail("b").slice(0, 12),
          email: "billing@example.com",
          address: ADDRESS,
        },
      },
    }),
  },
  { name: "GET events", method: "GET", write: false, ok: 200, prepare: async () => ({ path: `${base()}/events` }) },
];

function expected(route: Route, actor: Actor): number {
  if (actor === "signedOut") return 401;
  if (actor === "manager") return route.ok;
  if (actor === "staff") return route.write ? 403 : 200;
  return 404; // A2: another account's manager, a removed manager, an invitee
}

/** Everything a request on account A could change. */
async function snapshot(id = accountId) {
  const [account, managers, invitations, events] = await Promise.all([
    t.db.selectFrom("billing_accounts").selectAll().where("id", "=", id).executeTakeFirst(),
    t.db
      .selectFrom("billing_account_managers")
      .selectAll()
      .where("billing_account_id", "=", id)
      .orderBy("user_id")
      .execute(),
    t.db
      .selectFrom("billing_account_invitations")
      .selectAll()
      .where("billing_account_id", "=", id)
      .orderBy("id")
      .execute(),
    t.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("billing_account_id", "=", id)
      .executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({ account, managers, invitations, events: events.n });
}

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  owner = await signedInUser(t, { email: uniqueEmail("owner"), firstName: "Olive", lastName: "Owner" });
  accountId = (await createAccount(owner.client)).id;
  other = await signedInUser(t, { email: uniqueEmail("other") });
  otherAccountId = (await createAccount(other.client, { companyName: "Other Inc" })).id;
  otherInvitationId = await invite(other.client, otherAccountId, uniqueEmail("b-invitee"));
  removed = await addManager(t, owner.client, accountId);
  const removal = await owner.client.delete(`${base()}/managers/${removed.id}`);
  expect(removal.statusCode).toBe(204);
  invitee = await signedInUser(t, { email: uniqueEmail("invitee") });
  await invite(owner.client, accountId, invitee.email);
  staff = await signedInUser(t, { email: uniqueEmail("staff") });
  await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
});
afterAll(async () => {
  await t?.close();
});

describe("A2 authorization matrix", () => {
  for (const route of ROUTES) {
    for (const actor of ACTORS) {
      const status = expected(route, actor);
      it(`${route.name} as ${actor} → ${status}`, async () => {
        const { path, body } = await route.prepare();
        const before = await snapshot();
        const res = await clientOf(actor).request(route.method, path, body);
        expect(res.statusCode, res.body).toBe(status);
        if (status >= 400) {
          expect(await snapshot()).toBe(before);
          const code = res.json().error.code;
          if (status === 404) expect(code).toBe("account_not_found");
          if (status === 401) expect(code).toBe("not_signed_in");
          if (status === 403) expect(code).toBe("staff_read_only");
        }
      });
    }
  }

  it("GET /billing-accounts lists only the caller's accounts", async () => {
    const mine = (await owner.client.get("/api/v1/billing-accounts")).json().billingAccounts;
    expect(mine.map((a: { id: string }) => a.id)).toEqual([accountId]);
    for (const actor of ["otherManager", "removedManager", "invitee", "staff"] as const) {
      const list = (await clientOf(actor).get("/api/v1/billing-accounts")).json().billingAccounts;
      expect(list.map((a: { id: string }) => a.id)).not.toContain(accountId);
    }
    expect((await t.client().get("/api/v1/billing-accounts")).statusCode).toBe(401);
  });

  it("staff read the account with access 'staff' and nothing is editable for them", async () => {
    const res = await staff.client.get(base());
    expect(res.json()).toMatchObject({ access: "staff", companyDetailsEditable: false });
  });

  it("an unknown account id answers like someone else's: 404 account_not_found", async () => {
    const res = await owner.client.get("/api/v1/billing-accounts/00000000-0000-4000-8000-000000000000");
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("account_not_found");
  });
});

describe("A2: another account's ids under this account's path → 404, nothing changes", () => {
  it("DELETE another account's manager under this account", async () => {
    const before = [await snapshot(), await snapshot(otherAccountId)];
    const res = await owner.client.delete(`${base()}/managers/${other.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("manager_not_found");
    expect([await snapshot(), await snapshot(otherAccountId)]).toEqual(before);
  });

  it("DELETE another account's invitation under this account", async () => {
    const before = [await snapshot(), await snapshot(otherAccountId)];
    const res = await owner.client.delete(`${base()}/invitations/${otherInvitationId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("invitation_not_found");
    expect([await snapshot(), await snapshot(otherAccountId)]).toEqual(before);
  });

  it("PUT contacts naming another account's manager, as subscription or billing contact", async () => {
    const before = [await snapshot(), await snapshot(otherAccountId)];
    const asSubscription = await owner.client.put(`${base()}/contacts`, {
      subscriptionContact: { userId: other.id, firstName: "Other", lastName: "Person" },
      billingContact: { type: "subscription_contact" },
    });
    expect(asSubscription.statusCode).toBe(404);
    expect(asSubscription.json().error.code).toBe("manager_not_found");
    const asBilling = await owner.client.put(`${base()}/contacts`, {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "manager", userId: other.id, firstName: "Other", lastName: "Person" },
    });
    expect(asBilling.statusCode).toBe(404);
    expect(asBilling.json().error.code).toBe("manager_not_found");
    expect([await snapshot(), await snapshot(otherAccountId)]).toEqual(before);
  });

  it("this account's manager on the other account's path, with this account's ids", async () => {
    const before = [await snapshot(), await snapshot(otherAccountId)];
    const res = await owner.client.delete(`/api/v1/billing-accounts/${otherAccountId}/managers/${owner.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("account_not_found");
    expect([await snapshot(), await snapshot(otherAccountId)]).toEqual(before);
  });
});

// S2–S4, R1: the subscription-use routes × every kind of caller. A reseller account's manager uses
// them on that account's own subscriptions (R1: allowed); everyone else on account A's.
describe("S2–S4 authorization matrix: subscriptions in use", () => {
  type UseActor = Actor | "resellerManager";
  const USE_ACTORS: UseActor[] = [...ACTORS, "resellerManager"];
  type Target = { owner: TestUser; accountId: string; saasId: string; selfManagedId: string };
  let direct: Target;
  let reseller: Target;
  const MATRIX_INSTANCE = "matrix-instance";

  async function target(user: TestUser, accountId: string): Promise<Target> {
    const saas = await buySubscription(user, accountId, "saas");
    const selfManaged = await buySubscription(user, accountId, "self_managed");
    return { owner: user, accountId, saasId: saas.id, selfManagedId: selfManaged.id };
  }

  beforeAll(async () => {
    direct = await target(owner, accountId);
    const resellerOwner = await signedInUser(t, { email: uniqueEmail("reseller-customer") });
    const resellerAccountId = (await createAccount(resellerOwner.client, { companyName: "Reseller Customer" })).id;
    reseller = await target(resellerOwner, resellerAccountId);
    await resellerOwned(t, resellerAccountId);
  });

  const clientFor = (actor: UseActor) => (actor === "resellerManager" ? reseller.owner.client : clientOf(actor));
  const targetFor = (actor: UseActor) => (actor === "resellerManager" ? reseller : direct);

  type UseRoute = {
    name: string;
    method: "GET" | "POST" | "PUT" | "DELETE";
    ok: number;
    subscription: "saasId" | "selfManagedId";
    prepare(target: Target, id: string): Promise<{ path: string; body?: unknown }>;
  };
  const sub = (id: string) => `/api/v1/subscriptions/${id}`;
  const USE_ROUTES: UseRoute[] = [
    {
      name: "PUT namespace",
      method: "PUT",
      ok: 200,
      subscription: "saasId",
      prepare: async (_, id) => ({
        path: `${sub(id)}/namespace`,
        body: { namespace: uniqueEmail("group").split("@")[0] },
      }),
    },
    {
      name: "DELETE namespace",
      method: "DELETE",
      ok: 200,
      subscription: "saasId",
      prepare: async (target, id) => {
        const linked = await target.owner.client.put(`${sub(id)}/namespace`, {
          namespace: uniqueEmail("linked").split("@")[0],
        });
        expect(linked.statusCode).toBe(200);
        return { path: `${sub(id)}/namespace` };
      },
    },
    {
      name: "GET license",
      method: "GET",
      ok: 200,
      subscription: "selfManagedId",
      prepare: async (_, id) => ({ path: `${sub(id)}/license` }),
    },
    {
      name: "POST activation-code",
      method: "POST",
      ok: 200,
      subscription: "selfManagedId",
      prepare: async (_, id) => ({ path: `${sub(id)}/activation-code` }),
    },
    {
      name: "DELETE activation",
      method: "DELETE",
      ok: 200,
      subscription: "selfManagedId",
      prepare: async (_, id) => {
        if ((await subscriptionRow(t, id)).activation_instance_id === null) {
          const code = await activationCodeOf(t, id);
          const res = await t.client().post("/api/v1/activations", { code, instanceId: MATRIX_INSTANCE });
          expect(res.statusCode, res.body).toBe(200);
        }
        return { path: `${sub(id)}/activation` };
      },
    },
  ];

  function expectedUse(route: UseRoute, actor: UseActor): number {
    if (actor === "signedOut") return 401;
    if (actor === "manager" || actor === "resellerManager") return route.ok; // R1: reseller customers too
    if (actor === "staff") return 403; // writes, and the license file, are the support console's
    return 404; // another account's manager, a removed manager, an invitee
  }

  const subscriptionUseSnapshot = async (target: Target, id: string) =>
    JSON.stringify({ subscription: await subscriptionRow(t, id), account: await snapshot(target.accountId) });

  for (const route of USE_ROUTES) {
    for (const actor of USE_ACTORS) {
      const status = expectedUse(route, actor);
      it(`${route.name} as ${actor} → ${status}`, async () => {
        const target = targetFor(actor);
        const id = target[route.subscription];
        const { path, body } = await route.prepare(target, id);
        const before = await subscriptionUseSnapshot(target, id);
        const res = await clientFor(actor).request(route.method, path, body);
        expect(res.statusCode, res.body).toBe(status);
        if (status >= 400) {
          expect(await subscriptionUseSnapshot(target, id)).toBe(before);
          expect(res.body).not.toContain("BILLFOLD LICENSE");
          const code = res.json().error.code;
          if (status === 404) expect(code).toBe("subscription_not_found");
          if (status === 401) expect(code).toBe("not_signed_in");
          if (status === 403) expect(code).toBe("staff_read_only");
        }
      });
    }
  }

  it("POST /activations needs no session: every caller with the code gets the license for the bound instance", async () => {
    const fresh = await buySubscription(owner, accountId, "self_managed");
    const code = await activationCodeOf(t, fresh.id);
    for (const actor of USE_ACTORS) {
      const res = await clientFor(actor).post("/api/v1/activations", { code, instanceId: MATRIX_INSTANCE });
      expect(res.statusCode, `${actor}: ${res.body}`).toBe(200);
    }
  });

  it("R1: on the reseller account auto-renew and add-ons stay 403 reseller_read_only, nothing changed", async () => {
    const before = await subscriptionUseSnapshot(reseller, reseller.selfManagedId);
    const autoRenew = await reseller.owner.client.patch(sub(reseller.selfManagedId), { autoRenew: false });
    const addOn = await reseller.owner.client.post(
      `${sub(reseller.selfManagedId)}/add-ons`,
      { kind: "seats", quantity: 1 },
      { "idempotency-key": `matrix-${Date.now()}` },
    );
    for (const res of [autoRenew, addOn]) {
      expect([res.statusCode, res.json().error.code]).toEqual([403, "reseller_read_only"]);
    }
    expect(await subscriptionUseSnapshot(reseller, reseller.selfManagedId)).toBe(before);
  });
});
