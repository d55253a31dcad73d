// Issue 5: every hot query is an index lookup. The statements the hot routes really run (captured
// per request, see hot-routes.ts) are EXPLAINed against a database seeded with a few thousand
// rows, and a sequential scan of any application table fails the test.
//
// Why enable_seqscan = off: on a few thousand rows the planner rightly prefers a sequential scan
// for some lookups that use an index at a million rows, so a size-based rule would be flaky and
// depend on statistics. With sequential scans disabled the planner takes any usable index, and a
// "Seq Scan" that remains in a plan means there is no index for that access path at all: exactly
// the missing-index bug that shows up only on a large table. Works the same on PGlite and PostgreSQL.
import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../setup/test-app.js";
import { type CapturedQuery, runHotRoutes } from "./hot-routes.js";

const APPLICATION_TABLES = new Set([
  "users",
  "sessions",
  "one_time_tokens",
  "events",
  "user_identities",
  "oidc_login_attempts",
  "billing_accounts",
  "billing_account_managers",
  "billing_account_invitations",
]);

let t: TestApp;

async function seed(): Promise<void> {
  const statements = [
    sql`insert into users (email, email_key, email_confirmed_at)
        select 'seed' || g || '@example.com', 'seed' || g || '@example.com', now() from generate_series(1, 3000) g`,
    sql`insert into sessions (id_hash, user_id, expires_at, last_seen_at)
        select md5(u.id::text) || 'seed', u.id, now() + interval '1 day', now() from users u`,
    sql`insert into one_time_tokens (token_hash, purpose, email, email_key, expires_at)
        select md5(u.id::text) || 'token', 'sign_in', u.email, u.email_key, now() from users u`,
    sql`insert into billing_accounts (company_name, address_line1, address_city, address_postal_code, address_country)
        select 'Seed ' || g, 'Street 1', 'City', '12345', 'DE' from generate_series(1, 1000) g`,
    sql`insert into billing_account_managers (billing_account_id, user_id, source)
        select a.id, u.id, 'staff'
          from (select id, row_number() over (order by id) as n from billing_accounts) a
          join (select id, row_number() over (order by id) as n from users) u on u.n in (a.n, a.n + 1000)`,
    sql`insert into billing_account_invitations (billing_account_id, email, email_key, token_hash, expires_at)
        select a.id, 'invitee' || a.n || '@example.org', 'invitee' || a.n || '@example.org', md5(a.id::text),
               now() + interval '7 days'
          from (select id, row_number() over (order by id) as n from billing_accounts) a`,
    sql`insert into events (actor_type, action, subject_type, billing_account_id)
        select 'system', 'seed', 'billing_account', a.id from billing_accounts a, generate_series(1, 5)`,
    sql`analyze`,
  ];
  for (const statement of statements) await statement.execute(t.db);
}

function seqScans(plan: unknown, found: string[] = []): string[] {
  if (Array.isArray(plan)) {
    for (const p of plan) seqScans(p, found);
  } else if (plan && typeof plan === "object") {
    const node = plan as Record<string, unknown>;
    if (node["Node Type"] === "Seq Scan" && APPLICATION_TABLES.has(String(node["Relation Name"]))) {
      found.push(String(node["Relation Name"]));
    }
    for (const value of Object.values(node)) if (value && typeof value === "object") seqScans(value, found);
  }
  return found;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The plan with the statement's values (a custom plan), or — `generic` — the plan PostgreSQL
 * caches for a prepared statement (the portal names its statements, see platform/db/client.ts),
 * which cannot rely on parameter values: a partial index whose predicate compares to a parameter
 * is then unusable.
 */
async function explain(query: CapturedQuery, generic = false): Promise<unknown> {
  return t.db.connection().execute(async (connection) => {
    await sql`set enable_seqscan = off`.execute(connection);
    let prepared = false;
    try {
      let text = `explain (format json) ${query.sql}`;
      if (generic && query.parameters.length > 0) {
        await sql`set plan_cache_mode = force_generic_plan`.execute(connection);
        await connection.executeQuery(CompiledQuery.raw(`prepare bf_explain as ${query.sql}`, []));
        prepared = true;
        // EXECUTE's arguments cannot be protocol parameters: inline them as literals.
        text = `explain (format json) execute bf_explain(${query.parameters.map(literal).join(", ")})`;
      }
      const parameters = text.startsWith("explain (format json) execute") ? [] : [...query.parameters];
      const result = await connection.executeQuery(CompiledQuery.raw(text, parameters));
      const row = result.rows[0] as Record<string, unknown>;
      const value = row["QUERY PLAN"];
      return typeof value === "string" ? JSON.parse(value) : value;
    } finally {
      if (prepared) await sql`deallocate bf_explain`.execute(connection);
      await sql`reset plan_cache_mode`.execute(connection);
      await sql`reset enable_seqscan`.execute(connection);
    }
  });
}

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  await seed();
});
afterAll(async () => t?.close());

describe("EXPLAIN of every statement the hot routes run", () => {
  it("detects a scan that no index serves (the check itself works)", async () => {
    const plan = await explain({ sql: "select id from users where first_name = $1", parameters: ["Ada"] });
    expect(seqScans(plan)).toEqual(["users"]);
  });

  it("detects a partial index that only a custom plan can use", async () => {
    const query = {
      sql: "select id from billing_account_invitations where billing_account_id = $1 and state = $2",
      parameters: ["00000000-0000-4000-8000-000000000000", "pending"],
    };
    expect(seqScans(await explain(query))).toEqual([]);
    expect(seqScans(await explain(query, true))).toEqual(["billing_account_invitations"]);
  });

  it("finds no sequential scan of an application table", async () => {
    const routes = await runHotRoutes(t);
    const problems: string[] = [];
    const explainedRoutes = new Set<string>();
    for (const [route, queries] of routes) {
      for (const query of queries) {
        if (!/^\s*(select|insert|update|delete|with)\b/i.test(query.sql) || /\bpgboss\./.test(query.sql)) continue;
        for (const generic of [false, true]) {
          const scans = seqScans(await explain(query, generic));
          explainedRoutes.add(route);
          if (scans.length > 0) {
            problems.push(
              `${route} (${generic ? "generic" : "custom"} plan): Seq Scan on ${scans.join(", ")} in: ${query.sql}`,
            );
          }
        }
      }
    }
    // Every hot route had statements to explain (pg-boss's own job insert is its business).
    expect([...explainedRoutes].sort()).toEqual([...routes.keys()].sort());
    expect(problems).toEqual([]);
  });
});
