// The hot routes of issue 5 and issue 16's license download, driven once each through the real
// application, with every SQL statement they run captured (per request). Shared by the query-count and EXPLAIN tests.
//
// Capture: Kysely's query executor is wrapped for this test process, and statements are recorded
// only inside an AsyncLocalStorage scope around one request, so background work (pg-boss polling)
// is not counted. BEGIN/COMMIT go straight to the connection and are not counted either: the
// numbers are statements, which is what an N+1 would multiply.
import { AsyncLocalStorage } from "node:async_hooks";
import { type CompiledQuery, DefaultQueryExecutor } from "kysely";
import { buySubscription } from "../../factories/subscriptions.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import type { TestApp } from "../../setup/test-app.js";

export type CapturedQuery = { sql: string; parameters: readonly unknown[] };

const store = new AsyncLocalStorage<CapturedQuery[]>();
let installed = false;

export function installQueryCapture(): void {
  if (installed) return;
  installed = true;
  const base = Object.getPrototypeOf(DefaultQueryExecutor.prototype) as {
    executeQuery(this: unknown, query: CompiledQuery, ...rest: unknown[]): Promise<unknown>;
  };
  const original = base.executeQuery;
  base.executeQuery = function (this: unknown, query: CompiledQuery, ...rest: unknown[]) {
    store.getStore()?.push({ sql: query.sql, parameters: query.parameters });
    return original.call(this, query, ...rest);
  };
}

type Response = Awaited<ReturnType<TestClient["get"]>>;

/** Runs one request and returns its answer with the statements it ran. */
export async function captured(
  work: () => Promise<Response>,
  expectStatus: number,
): Promise<{ response: Response; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const response = await store.run(queries, work);
  if (response.statusCode !== expectStatus) {
    throw new Error(`expected ${expectStatus}, got ${response.statusCode}: ${response.body}`);
  }
  return { response, queries };
}

export const ACCOUNT_BODY = {
  companyName: "Perf Test GmbH",
  address: { line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
  currency: "EUR",
};

export type HotRoute =
  | "session check"
  | "account overview"
  | "managers list"
  | "invitations list"
  | "create invitation"
  | "accept invitation"
  | "revoke invitation"
  | "remove manager"
  | "license download"
  | "sign-in link request";

/** Every hot route once, as a manager, an invitee and an anonymous visitor would call them. */
export async function runHotRoutes(t: TestApp): Promise<Map<HotRoute, CapturedQuery[]>> {
  installQueryCapture();
  const out = new Map<HotRoute, CapturedQuery[]>();
  const manager = await signedInUser(t);
  const invitee = await signedInUser(t);
  const created = await manager.client.post("/api/v1/billing-accounts", ACCOUNT_BODY);
  if (created.statusCode !== 201) throw new Error(`account not created: ${created.body}`);
  const accountId = created.json().id as string;
  const base = `/api/v1/billing-accounts/${accountId}`;

  out.set("session check", (await captured(() => manager.client.get("/api/v1/me"), 200)).queries);
  out.set("account overview", (await captured(() => manager.client.get(base), 200)).queries);

  const invite = await captured(() => manager.client.post(`${base}/invitations`, { email: invitee.email }), 201);
  out.set("create invitation", invite.queries);
  const invitationId = invite.response.json().id as string;
  out.set(
    "accept invitation",
    (await captured(() => invitee.client.post(`/api/v1/invitations/${invitationId}/accept`), 200)).queries,
  );

  const other = await manager.client.post(`${base}/invitations`, { email: uniqueEmail("pending") });
  if (other.statusCode !== 201) throw new Error(`invitation not created: ${other.body}`);
  out.set("managers list", (await captured(() => manager.client.get(`${base}/managers`), 200)).queries);
  out.set("invitations list", (await captured(() => manager.client.get(`${base}/invitations`), 200)).queries);
  out.set(
    "revoke invitation",
    (await captured(() => manager.client.delete(`${base}/invitations/${other.json().id}`), 204)).queries,
  );
  out.set(
    "remove manager",
    (await captured(() => manager.client.delete(`${base}/managers/${invitee.id}`), 204)).queries,
  );
  // Issue 16 (S3): the license download, on a self-managed subscription bought as a customer would.
  const subscription = await buySubscription(manager, accountId, "self_managed");
  out.set(
    "license download",
    (await captured(() => manager.client.get(`/api/v1/subscriptions/${subscription.id}/license`), 200)).queries,
  );
  const anonymous = t.client();
  out.set(
    "sign-in link request",
    (await captured(() => anonymous.post("/api/v1/auth/sign-in-link", { email: manager.email }), 202)).queries,
  );
  return out;
}
