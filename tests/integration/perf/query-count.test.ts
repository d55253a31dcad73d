// Issue 5: one round trip where one will do. The session check is one statement; the account
// overview and the managers and invitations lists are one too, the session check included
// (docs/decisions/007), whatever the number of managers or invitations (no N+1); a change of
// managers or invitations is two (008). Statements are counted per request (see hot-routes.ts).
// Each count is an upper bound (issue 14): fewer statements is never a regression.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";
import { ACCOUNT_BODY, captured, type HotRoute, installQueryCapture, runHotRoutes } from "./hot-routes.js";

let t: TestApp;
let counts: Map<HotRoute, number>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  const routes = await runHotRoutes(t);
  counts = new Map([...routes].map(([route, queries]) => [route, queries.length]));
  // PERF_PRINT_QUERIES=1 prints each route's statements (for docs/decisions/003-performance.md).
  if (process.env.PERF_PRINT_QUERIES) {
    for (const [route, queries] of routes) {
      process.stdout.write(
        `${route}: ${queries.length}\n${queries.map((q) => `  ${q.sql.slice(0, 110)}`).join("\n")}\n`,
      );
    }
  }
});
afterAll(async () => t?.close());

describe("statements per request on the hot routes", () => {
  it("the session check is one statement (GET /me answers from it)", () => {
    expect(counts.get("session check")).toBeLessThanOrEqual(1);
  });

  it("an account overview is one statement, its session check included", () => {
    expect(counts.get("account overview")).toBeLessThanOrEqual(1);
  });

  it("the managers and invitations lists are one statement each, their session check included", () => {
    expect(counts.get("managers list")).toBeLessThanOrEqual(1);
    expect(counts.get("invitations list")).toBeLessThanOrEqual(1);
  });

  it("a license download is one statement, its session check included (docs/decisions/013)", () => {
    expect(counts.get("license download")).toBeLessThanOrEqual(1);
  });

  it("the list routes do not grow with the number of rows (no N+1)", async () => {
    installQueryCapture();
    const owner = await signedInUser(t);
    const created = await owner.client.post("/api/v1/billing-accounts", ACCOUNT_BODY);
    const base = `/api/v1/billing-accounts/${created.json().id}`;
    const before = {
      managers: (await captured(() => owner.client.get(`${base}/managers`), 200)).queries.length,
      invitations: (await captured(() => owner.client.get(`${base}/invitations`), 200)).queries.length,
    };
    for (let i = 0; i < 4; i++) {
      const other = await signedInUser(t);
      await t.db
        .insertInto("billing_account_managers")
        .values({ billing_account_id: created.json().id, user_id: other.id, source: "staff" })
        .execute();
      const invited = await owner.client.post(`${base}/invitations`, { email: uniqueEmail("many") });
      expect(invited.statusCode).toBe(201);
    }
    const managers = await captured(() => owner.client.get(`${base}/managers`), 200);
    const invitations = await captured(() => owner.client.get(`${base}/invitations`), 200);
    expect(managers.response.json().managers).toHaveLength(5);
    expect(invitations.response.json().invitations).toHaveLength(4);
    expect(managers.queries.length).toBeLessThanOrEqual(before.managers);
    expect(invitations.queries.length).toBeLessThanOrEqual(before.invitations);
  });

  it("a write is one read and one guarded statement of writes, with no transaction (docs/decisions/005, 008)", () => {
    // One context read that carries the session check, then the writes together behind the
    // version guard. Before decision 004 these were 7 to 11 statements, then 4 plus BEGIN and
    // COMMIT, then 3 (a separate session check) until decision 008.
    for (const route of ["create invitation", "accept invitation", "revoke invitation", "remove manager"] as const) {
      expect(counts.get(route), route).toBeLessThanOrEqual(2);
    }
  });

  it("a sign-in link request is one read and one statement of writes, with no transaction", () => {
    expect(counts.get("sign-in link request")).toBeLessThanOrEqual(2);
  });
});
