// Bad input gets a clear 4xx in the one error shape and changes nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInUser } from "../../factories/users.js";
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
  return {
    users: await count("users"),
    tokens: await count("one_time_tokens"),
    sessions: await count("sessions"),
    events: await count("events"),
    jobs: await count("pgboss.job"),
  };
}

function expectErrorShape(res: { statusCode: number; json(): any; body: string }, status: number, code?: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.code).toBe("string");
  expect(typeof body.error.message).toBe("string");
  if (code) expect(body.error.code).toBe(code);
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
}

const LINK = "/api/v1/auth/sign-in-link";

const cases: { name: string; body: string; headers?: Record<string, string>; status: number; code?: string }[] = [
  { name: "malformed JSON", body: '{"email": "a@example.com"', status: 400, code: "invalid_json" },
  {
    name: "wrong content type",
    body: "email=a@example.com",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
  },
  {
    name: "text/plain body",
    body: '{"email":"a@example.com"}',
    headers: { "content-type": "text/plain" },
    status: 415,
  },
  { name: "array as email", body: JSON.stringify({ email: ["a@example.com"] }), status: 400, code: "invalid_input" },
  { name: "object as email", body: JSON.stringify({ email: { $ne: null } }), status: 400, code: "invalid_input" },
  { name: "number as email", body: JSON.stringify({ email: 42 }), status: 400, code: "invalid_input" },
  { name: "two @", body: JSON.stringify({ email: "a@b@example.com" }), status: 400, code: "invalid_input" },
  {
    name: "CR/LF in the address",
    body: JSON.stringify({ email: "a@example.com\r\nBcc: x@evil.test" }),
    status: 400,
    code: "invalid_input",
  },
  {
    name: "display name",
    body: JSON.stringify({ email: "Eve <eve@example.com>" }),
    status: 400,
    code: "invalid_input",
  },
  {
    name: "255-character address",
    body: JSON.stringify({ email: `${"a".repeat(243)}@example.com` }),
    status: 400,
    code: "invalid_input",
  },
  {
    name: "unknown field",
    body: JSON.stringify({ email: "a@example.com", loginActivated: true }),
    status: 400,
    code: "invalid_input",
  },
  {
    name: "__proto__ key",
    body: '{"email":"a@example.com","__proto__":{"isAdmin":true}}',
    status: 400,
    code: "invalid_json",
  },
  {
    name: "constructor.prototype key",
    body: '{"email":"a@example.com","constructor":{"prototype":{"x":1}}}',
    status: 400,
    code: "invalid_json",
  },
  { name: "JSON array body", body: "[]", status: 400, code: "invalid_input" },
  { name: "1 MiB body", body: JSON.stringify({ email: "a@example.com", pad: "x".repeat(1024 * 1024) }), status: 413 },
  {
    name: "foreign Origin",
    body: JSON.stringify({ email: "a@example.com" }),
    headers: { origin: "https://evil.test" },
    status: 403,
    code: "origin_mismatch",
  },
  {
    name: "return path to another site",
    body: JSON.stringify({ email: "a@example.com", returnTo: "//evil.test/x" }),
    status: 400,
    code: "invalid_input",
  },
];

describe("bad input on a public route", () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status}, nothing changes`, async () => {
      const before = await snapshot();
      const res = await t.app.inject({
        method: "POST",
        url: LINK,
        headers: { "content-type": "application/json", ...c.headers },
        payload: c.body,
      });
      expectErrorShape(res as never, c.status, c.code);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("gives field details for invalid input", async () => {
    const res = await t.client().post(LINK, { email: "not-an-email" });
    expect(res.json().error.details).toEqual([{ path: "email", message: "Enter a valid email address" }]);
  });
});

describe("bad input on a signed-in route", () => {
  it("an unsafe cookie request with a foreign Origin, or none, is refused and changes nothing", async () => {
    const user = await signedInUser(t, { firstName: "Before" });
    const before = await snapshot();
    const foreign = await user.client.patch("/api/v1/me", { firstName: "After" }, { origin: "https://evil.test" });
    expectErrorShape(foreign, 403, "origin_mismatch");
    const missing = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: { cookie: `billfold_session=${user.client.cookie}`, "content-type": "application/json" },
      payload: JSON.stringify({ firstName: "After" }),
    });
    expectErrorShape(missing as never, 403, "origin_mismatch");
    expect(await snapshot()).toEqual(before);
    expect((await user.client.get("/api/v1/me")).json().firstName).toBe("Before");
  });

  it("refuses unknown fields and over-long names without changing the profile", async () => {
    const user = await signedInUser(t, { firstName: "Kept" });
    for (const body of [
      { firstName: "x", isStaff: true },
      { firstName: "x".repeat(101) },
      { email: "a\nb@example.com" },
    ]) {
      expectErrorShape(await user.client.patch("/api/v1/me", body), 400, "invalid_input");
    }
    expect((await user.client.get("/api/v1/me")).json()).toMatchObject({ firstName: "Kept", pendingEmail: null });
  });

  it("unknown API paths answer 404 in the error shape", async () => {
    expectErrorShape(await t.client().get("/api/v1/nope"), 404, "not_found");
  });
});
