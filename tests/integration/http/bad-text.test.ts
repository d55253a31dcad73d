// Issue 12 item 3: text the database cannot hold (NUL, lone surrogates), numbers past what a
// column holds and keys that outgrow their limit once normalised used to answer 500. Each is a
// 400 invalid_input naming the field — refused by the request schema, not by the database — with
// nothing written.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADDRESS, createAccount } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

async function snapshot() {
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
  const tables = [
    "users",
    "one_time_tokens",
    "events",
    "pgboss.job",
    "billing_accounts",
    "billing_account_invitations",
  ];
  const counts = Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await count(name)])));
  const accounts = await sql`select * from billing_accounts order by id`.execute(t.db);
  const users = await sql`select id, first_name, last_name, email, pending_email from users order by id`.execute(t.db);
  return { counts, accounts: accounts.rows, users: users.rows };
}

type Res = { statusCode: number; body: string; json(): any };

/** 400 invalid_input in the error shape, with a detail for `path` (so the schema refused it). */
function expectRefused(res: Res, path: string) {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = res.json();
  expect(error.code).toBe("invalid_input");
  expect(typeof error.message).toBe("string");
  expect(typeof error.requestId).toBe("string");
  expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
}

/** A copy of `body` with the value at the dotted `path` replaced. */
function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split(".");
  let node = copy as Record<string, any>;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys.at(-1)!] = value;
  return copy;
}

const NUL = "Acme\u0000GmbH";
const LONE_SURROGATE = "Acme \ud800";

const ACCOUNT_BODY = {
  companyName: "Acme GmbH",
  taxId: "DE136695976",
  address: { ...ADDRESS, line2: "Floor 2", region: "BE" },
};
const ACCOUNT_FIELDS = [
  "companyName",
  "taxId",
  "address.line1",
  "address.line2",
  "address.city",
  "address.region",
  "address.postalCode",
];

describe("bad text answers 400 and writes nothing (issue 12 item 3)", () => {
  it("a NUL or a lone surrogate in any company field, on create and on update", async () => {
    const owner = await signedInUser(t);
    const account = await createAccount(owner.client);
    const before = await snapshot();
    for (const field of ACCOUNT_FIELDS) {
      for (const bad of [NUL, LONE_SURROGATE, "Acme\nGmbH"]) {
        const body = withValue(ACCOUNT_BODY, field, bad);
        expectRefused(await owner.client.post("/api/v1/billing-accounts", body), field);
        expectRefused(await owner.client.patch(`/api/v1/billing-accounts/${account.id}`, body), field);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a NUL or a lone surrogate in a person's name, on the profile and in contacts", async () => {
    const owner = await signedInUser(t, { firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(owner.client);
    const contacts = {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner", phone: "+49 30 1" },
      billingContact: {
        type: "custom",
        firstName: "Bill",
        lastName: "Payer",
        email: uniqueEmail("billing"),
        address: ADDRESS,
      },
    };
    const before = await snapshot();
    for (const bad of ["Ol\u0000ive", "Olive\ud800", "\udc00"]) {
      for (const field of ["firstName", "lastName"]) {
        expectRefused(await owner.client.patch("/api/v1/me", { [field]: bad }), field);
      }
      for (const field of [
        "subscriptionContact.firstName",
        "subscriptionContact.lastName",
        "billingContact.firstName",
        "billingContact.address.line1",
        "billingContact.address.city",
      ]) {
        expectRefused(
          await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, withValue(contacts, field, bad)),
          field,
        );
      }
    }
    expectRefused(
      await owner.client.put(
        `/api/v1/billing-accounts/${account.id}/contacts`,
        withValue(contacts, "subscriptionContact.phone", "+49\u0000"),
      ),
      "subscriptionContact.phone",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("a cursor past the largest event id; the largest one itself is a page", async () => {
    const owner = await signedInUser(t);
    const account = await createAccount(owner.client);
    const events = `/api/v1/billing-accounts/${account.id}/events`;
    expectRefused(await owner.client.get(`${events}?cursor=9223372036854775808`), "cursor");
    expectRefused(await owner.client.get(`${events}?cursor=9999999999999999999`), "cursor");
    const last = await owner.client.get(`${events}?cursor=9223372036854775807`);
    expect(last.statusCode, last.body).toBe(200);
  });

  it("an invitation to an address whose key outgrows 254 characters once lower-cased (İ → i̇)", async () => {
    const owner = await signedInUser(t);
    const account = await createAccount(owner.client);
    const before = await snapshot();
    const res = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
      email: `${"İ".repeat(240)}@example.com`,
    });
    expectRefused(res, "email");
    expect(await snapshot()).toEqual(before);
  });

  it("without a session: a control character in a sign-in link's or a provider sign-in's return path", async () => {
    const before = await snapshot();
    const anonymous = t.client();
    for (const returnTo of ["/\u0000", "/a\u0001b", "/\ud800", "/a\u2028"]) {
      expectRefused(await anonymous.post("/api/v1/auth/sign-in-link", { email: uniqueEmail(), returnTo }), "returnTo");
    }
    for (const returnTo of ["/%00", "/%0A", "/%E2%80%A8"]) {
      expectRefused(await anonymous.get(`/api/v1/auth/oidc/start?returnTo=${returnTo}`), "returnTo");
    }
    expect(await snapshot()).toEqual(before);
  });
});
