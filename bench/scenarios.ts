// The benchmark's scenarios and how each builds its requests from the seeded database: many
// distinct sessions and accounts (never one hot row), and for writes, single-use rows prepared in
// SQL just before the scenario (the run works on a throw-away copy of the seeded database).
import type pg from "pg";
import { hashCookie, indexFromAgent, KIND, sessionCookie, userEmail, uuidOf } from "./dataset.js";
import type { FixtureRequest } from "./load.js";
import { BENCH_PLAN } from "./seed-money.js";

export type FixtureContext = {
  client: pg.Client;
  salt: string;
  accounts: number;
  users: number;
  /** BASE_URL of the portal: the Origin its unsafe requests must carry. */
  origin: string;
  /** Unique per run, for addresses the run creates. */
  runTag: string;
  random: () => number;
};

export type Scenario = {
  name: string;
  label: string;
  /** Target ratio to the same run's baseline (issue 5); null where the issue sets none. */
  target: number | null;
  /** OpenAPI path that must exist for the scenario to run (routes land over time). */
  requiresPath: string;
  /** Tables that must exist. */
  requiresTables: string[];
  singleUse: boolean;
  fixtures(ctx: FixtureContext, count: number): Promise<FixtureRequest[]>;
};

const API = "/api/v1";

/** A seeded user who can sign in and is not staff (see seed.ts: every 500th is deactivated). */
function usable(index: number): boolean {
  return index % 500 !== 499 && index % 10007 !== 3;
}

function cookieHeader(ctx: FixtureContext, index: number): Record<string, string> {
  return { cookie: `billfold_session=${sessionCookie(ctx.salt, index)}` };
}

function unsafeHeaders(ctx: FixtureContext, index: number): Record<string, string> {
  return { ...cookieHeader(ctx, index), origin: ctx.origin };
}

/** `count` random integers in [0, n) that pass `accept`: distinct while count allows, then repeating. */
function sample(ctx: FixtureContext, n: number, count: number, accept: (i: number) => boolean = () => true): number[] {
  if (count >= n / 2) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (accept(i)) all.push(i);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(ctx.random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return Array.from({ length: all.length ? count : 0 }, (_, k) => all[k % all.length]!);
  }
  const out: number[] = [];
  const seen = new Set<number>();
  while (out.length < count) {
    const i = Math.floor(ctx.random() * n);
    if (!accept(i) || seen.has(i)) continue;
    seen.add(i);
    out.push(i);
  }
  return out;
}

/**
 * Seeded sessions go idle after 12 hours; the ones a scenario uses are made fresh (in the run's
 * copy of the database) so the session check sees live sessions, as it would in production.
 */
export async function refreshSessions(ctx: FixtureContext, userIndexes: number[]): Promise<void> {
  const unique = [...new Set(userIndexes)];
  for (let i = 0; i < unique.length; i += 20_000) {
    const ids = unique.slice(i, i + 20_000).map((u) => uuidOf(KIND.session, u));
    await ctx.client.query(
      "update sessions set last_seen_at = now(), expires_at = now() + interval '14 days' where id = any($1::uuid[])",
      [ids],
    );
  }
}

/**
 * (account, one of its managers) pairs for `count` random accounts; with `withCard`, only the
 * accounts that have money (a default card: direct, in a catalog currency, see seed-money.ts).
 */
async function accountManagers(
  ctx: FixtureContext,
  count: number,
  withCard = false,
): Promise<{ accountId: string; user: number }[]> {
  const accounts = sample(ctx, ctx.accounts, count).map((a) => uuidOf(KIND.account, a));
  const out: { accountId: string; user: number }[] = [];
  for (let i = 0; i < accounts.length; i += 20_000) {
    const result = await ctx.client.query<{ account_id: string; agent: string }>(
      `select distinct on (m.billing_account_id) m.billing_account_id as account_id, s.user_agent as agent
         from unnest($1::uuid[]) with ordinality as x(id, n)
         join billing_account_managers m on m.billing_account_id = x.id
         ${withCard ? "join payment_methods pm on pm.billing_account_id = x.id and pm.is_default" : ""}
         join users u on u.id = m.user_id and u.login_activated and u.staff_role is null
         join sessions s on s.user_id = m.user_id and s.revoked_at is null and s.user_agent like 'bench/%'
        order by m.billing_account_id, m.added_at`,
      [accounts.slice(i, i + 20_000)],
    );
    for (const row of result.rows) out.push({ accountId: row.account_id, user: indexFromAgent(row.agent) });
  }
  // Keep the random order (distinct on sorted them by id, which would walk the index in order).
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  await refreshSessions(
    ctx,
    out.map((p) => p.user),
  );
  return out;
}

/** Up to `count` self-managed subscriptions (seed-money.ts) with one of their account's managers. */
async function selfManagedSubscriptions(
  ctx: FixtureContext,
  count: number,
): Promise<{ subscriptionId: string; user: number }[]> {
  const result = await ctx.client.query<{ id: string; agent: string }>(
    `select distinct on (s.id) s.id, se.user_agent as agent
       from (select id, billing_account_id from subscriptions
              where deployment = 'self_managed' and status = 'active' order by random() limit $1) s
       join billing_account_managers m on m.billing_account_id = s.billing_account_id
       join users u on u.id = m.user_id and u.login_activated and u.staff_role is null
       join sessions se on se.user_id = m.user_id and se.revoked_at is null and se.user_agent like 'bench/%'
      order by s.id, m.added_at`,
    [count],
  );
  const out = result.rows.map((row) => ({ subscriptionId: row.id, user: indexFromAgent(row.agent) }));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Activations a window may need: far more than the seed's self-managed subscriptions (one per
 * second direct account, 2,246 at 10,000 accounts), which ran out before the window ended. At
 * ~600 activations a second a 13 s run uses ~8,000.
 */
const ACTIVATION_CODES = 30_000;

/**
 * S4: each code activates once, so the activation scenario tops this run's copy of the database
 * up to `wanted` unbound codes by cloning its self-managed subscriptions (same accounts, new
 * codes). The seed itself is not changed.
 */
async function enoughActivationCodes(ctx: FixtureContext, wanted: number): Promise<void> {
  const free = `deployment = 'self_managed' and activation_instance_id is null and status = 'active'`;
  const counts = await ctx.client.query<{ free: string }>(
    `select count(*)::text as free from subscriptions where ${free}`,
  );
  const missing = wanted - Number(counts.rows[0]?.free ?? 0);
  if (missing <= 0) return;
  await ctx.client.query(
    `with src as (select *, (row_number() over (order by id) - 1)::int as rn from subscriptions where ${free}),
          total as (select count(*)::int as n from src)
     insert into subscriptions
       (billing_account_id, plan_id, plan_name, deployment, seats, currency, term_start, term_end, created_at,
        activation_code)
     select src.billing_account_id, src.plan_id, src.plan_name, src.deployment, src.seats, src.currency,
            src.term_start, src.term_end, src.created_at,
            upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 24))
       from generate_series(0, $1::int - 1) g
       cross join total
       join src on src.rn = g % total.n`,
    [missing],
  );
}

function readScenario(name: string, label: string, target: number, suffix: string, withCard = false): Scenario {
  return {
    name,
    label,
    target,
    requiresPath: `${API}/billing-accounts/{id}${suffix}`,
    requiresTables: withCard ? ["billing_accounts", "payment_methods"] : ["billing_accounts"],
    singleUse: false,
    async fixtures(ctx, count) {
      const pairs = await accountManagers(ctx, Math.min(count, ctx.accounts), withCard);
      return pairs.map((p) => ({
        method: "GET",
        path: `${API}/billing-accounts/${p.accountId}${suffix}`,
        headers: cookieHeader(ctx, p.user),
      }));
    },
  };
}

export const SCENARIOS: Scenario[] = [
  {
    name: "session",
    label: "session check (GET /me)",
    target: 0.6,
    requiresPath: `${API}/me`,
    requiresTables: [],
    singleUse: false,
    async fixtures(ctx, count) {
      const users = sample(ctx, ctx.users, Math.min(count, ctx.users), usable);
      await refreshSessions(ctx, users);
      return users.map((u) => ({ method: "GET", path: `${API}/me`, headers: cookieHeader(ctx, u) }));
    },
  },
  readScenario("overview", "account overview", 0.4, ""),
  readScenario("managers", "managers list", 0.4, "/managers"),
  readScenario("invitations", "invitations list", 0.4, "/invitations"),
  // Issue 15: a direct account's invoices (three each in the seed), read by one of its managers.
  readScenario("invoices", "invoice list", 0.4, "/invoices", true),
  {
    name: "create-invitation",
    label: "create invitation",
    target: 0.2,
    requiresPath: `${API}/billing-accounts/{id}/invitations`,
    requiresTables: ["billing_account_invitations"],
    singleUse: true,
    async fixtures(ctx, count) {
      // At most a few new invitations per account: A4 allows 15 pending.
      const pairs = await accountManagers(ctx, Math.min(count, ctx.accounts));
      const out: FixtureRequest[] = [];
      for (let n = 0; n < count && pairs.length > 0; n++) {
        const p = pairs[n % pairs.length]!;
        if (n >= pairs.length * 8) break;
        out.push({
          method: "POST",
          path: `${API}/billing-accounts/${p.accountId}/invitations`,
          headers: unsafeHeaders(ctx, p.user),
          body: JSON.stringify({ email: `new.${ctx.runTag}.${n}@invitee${n % 997}.example.net` }),
        });
      }
      return out;
    },
  },
  {
    name: "accept-invitation",
    label: "accept invitation",
    target: 0.2,
    requiresPath: `${API}/invitations/{id}/accept`,
    requiresTables: ["billing_account_invitations"],
    singleUse: true,
    async fixtures(ctx, count) {
      // Invitations to existing users who are not yet managers, each accepted once by its invitee.
      const accounts = sample(ctx, ctx.accounts, count).map((a) => uuidOf(KIND.account, a));
      const invitees = sample(ctx, ctx.users, count, usable);
      const out: FixtureRequest[] = [];
      const used: number[] = [];
      for (let i = 0; i < accounts.length; i += 20_000) {
        const result = await ctx.client.query<{ id: string; agent: string }>(
          `with pairs as (
             select * from unnest($1::uuid[], $2::uuid[]) as p(account_id, user_id)
           ), ins as (
             insert into billing_account_invitations
               (billing_account_id, email, email_key, token_hash, invited_by_user_id, expires_at)
             select p.account_id, u.email, u.email_key, 'bench-' || gen_random_uuid(), a.created_by_user_id,
                    now() + interval '7 days'
               from pairs p
               join users u on u.id = p.user_id
               join billing_accounts a on a.id = p.account_id
              where not exists (select 1 from billing_account_managers m
                                 where m.billing_account_id = p.account_id and m.user_id = p.user_id)
             on conflict do nothing
             returning id, email_key)
           select ins.id, s.user_agent as agent
             from ins join users u on u.email_key = ins.email_key
             join sessions s on s.user_id = u.id and s.revoked_at is null and s.user_agent like 'bench/%'`,
          [accounts.slice(i, i + 20_000), invitees.slice(i, i + 20_000).map((u) => uuidOf(KIND.user, u))],
        );
        for (const row of result.rows) {
          const user = indexFromAgent(row.agent);
          used.push(user);
          out.push({ method: "POST", path: `${API}/invitations/${row.id}/accept`, headers: unsafeHeaders(ctx, user) });
        }
      }
      await refreshSessions(ctx, used);
      return out;
    },
  },
  {
    name: "revoke-invitation",
    label: "revoke invitation",
    target: 0.2,
    requiresPath: `${API}/billing-accounts/{id}/invitations/{invitationId}`,
    requiresTables: ["billing_account_invitations"],
    singleUse: true,
    async fixtures(ctx, count) {
      const pairs = await accountManagers(ctx, Math.min(count, ctx.accounts));
      const out: FixtureRequest[] = [];
      for (let i = 0; i < count && pairs.length > 0; i += 20_000) {
        const batch = Array.from({ length: Math.min(20_000, count - i) }, (_, k) => pairs[(i + k) % pairs.length]!);
        const result = await ctx.client.query<{ id: string; billing_account_id: string }>(
          `insert into billing_account_invitations
             (billing_account_id, email, email_key, token_hash, invited_by_user_id, expires_at)
           select p.account_id, p.email, p.email, 'bench-' || gen_random_uuid(), p.inviter, now() + interval '7 days'
             from unnest($1::uuid[], $2::text[], $3::uuid[]) as p(account_id, email, inviter)
           on conflict do nothing
           returning id, billing_account_id`,
          [
            batch.map((p) => p.accountId),
            batch.map((_, k) => `revoke.${ctx.runTag}.${i + k}@invitee.example.net`),
            batch.map((p) => uuidOf(KIND.user, p.user)),
          ],
        );
        const managerOf = new Map(batch.map((p) => [p.accountId, p.user]));
        for (const row of result.rows) {
          out.push({
            method: "DELETE",
            path: `${API}/billing-accounts/${row.billing_account_id}/invitations/${row.id}`,
            headers: unsafeHeaders(ctx, managerOf.get(row.billing_account_id)!),
          });
        }
      }
      return out;
    },
  },
  {
    name: "remove-manager",
    label: "remove manager",
    target: 0.2,
    requiresPath: `${API}/billing-accounts/{id}/managers/{userId}`,
    requiresTables: ["billing_account_managers"],
    singleUse: true,
    async fixtures(ctx, count) {
      // Extra managers (added as staff would), each removed once by another manager.
      const pairs = await accountManagers(ctx, Math.min(count, ctx.accounts));
      const extra = sample(ctx, ctx.users, count, usable);
      const out: FixtureRequest[] = [];
      for (let i = 0; i < count && pairs.length > 0; i += 20_000) {
        const batch = Array.from({ length: Math.min(20_000, count - i) }, (_, k) => ({
          ...pairs[(i + k) % pairs.length]!,
          extra: extra[(i + k) % extra.length]!,
        })).filter((p) => p.extra !== p.user);
        const result = await ctx.client.query<{ billing_account_id: string; user_id: string }>(
          `insert into billing_account_managers (billing_account_id, user_id, source)
           select p.account_id, p.user_id, 'staff' from unnest($1::uuid[], $2::uuid[]) as p(account_id, user_id)
           on conflict do nothing
           returning billing_account_id, user_id`,
          [batch.map((p) => p.accountId), batch.map((p) => uuidOf(KIND.user, p.extra))],
        );
        const managerOf = new Map(batch.map((p) => [p.accountId, p.user]));
        for (const row of result.rows) {
          out.push({
            method: "DELETE",
            path: `${API}/billing-accounts/${row.billing_account_id}/managers/${row.user_id}`,
            headers: unsafeHeaders(ctx, managerOf.get(row.billing_account_id)!),
          });
        }
      }
      return out;
    },
  },
  {
    // Issue 15 (B3–B5): a manager buys a subscription with the account's default card (a sandbox
    // card that always succeeds), each request with its own Idempotency-Key: a charge, a
    // subscription, an invoice with the next number of the series, events and confirmation mail.
    // No target of its own in the issue: reported against the write yardstick, like the others.
    name: "purchase",
    label: "purchase",
    target: null,
    requiresPath: `${API}/purchases`,
    requiresTables: ["payment_methods", "subscriptions", "invoices"],
    singleUse: true,
    async fixtures(ctx, count) {
      const pairs = await accountManagers(ctx, Math.min(count, ctx.accounts), true);
      return Array.from({ length: pairs.length ? count : 0 }, (_, n) => {
        const p = pairs[n % pairs.length]!;
        return {
          method: "POST",
          path: `${API}/purchases`,
          headers: { ...unsafeHeaders(ctx, p.user), "idempotency-key": `bench-${ctx.runTag}-${n}` },
          body: JSON.stringify({
            billingAccountId: p.accountId,
            planId: BENCH_PLAN.id,
            deployment: n % 2 === 0 ? "saas" : "self_managed",
            seats: 1 + (n % 10),
          }),
        };
      });
    },
  },
  {
    // Issue 16 (S3): a manager downloads a self-managed subscription's license file: the access
    // check, the subscription and its contacts read, an Ed25519 signature and the file's text. The
    // issue asks that it cost no more than a list read: the same target as the lists above.
    name: "license-download",
    label: "license download",
    target: 0.4,
    requiresPath: `${API}/subscriptions/{id}/license`,
    requiresTables: ["subscriptions"],
    singleUse: false,
    async fixtures(ctx, count) {
      const rows = await selfManagedSubscriptions(ctx, count);
      await refreshSessions(
        ctx,
        rows.map((r) => r.user),
      );
      return rows.map((r) => ({
        method: "GET",
        path: `${API}/subscriptions/${r.subscriptionId}/license`,
        headers: cookieHeader(ctx, r.user),
      }));
    },
  },
  {
    // Issue 16 (S4): a customer's instance activates with its code (no cookie): rate-limit checks,
    // the subscription locked, bound to the instance, an event and a mail to the subscription
    // contact, and a license file signed for the instance. Each code is activated once, by a new
    // instance id (the first binding, the expensive case).
    name: "activation",
    label: "activation",
    target: 0.2,
    requiresPath: `${API}/activations`,
    requiresTables: ["subscriptions"],
    singleUse: true,
    async fixtures(ctx, count) {
      await enoughActivationCodes(ctx, Math.min(count, ACTIVATION_CODES));
      const result = await ctx.client.query<{ activation_code: string }>(
        `select activation_code from subscriptions
          where deployment = 'self_managed' and activation_instance_id is null and status = 'active'
          order by random() limit $1`,
        [count],
      );
      return result.rows.map((row, n) => ({
        method: "POST",
        path: `${API}/activations`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: row.activation_code, instanceId: `bench-${ctx.runTag}-${n}` }),
      }));
    },
  },
  {
    name: "sign-in-link",
    label: "sign-in link request",
    target: 0.3,
    requiresPath: `${API}/auth/sign-in-link`,
    requiresTables: [],
    singleUse: true,
    async fixtures(ctx, count) {
      return sample(ctx, ctx.users, count, usable).map((u) => ({
        method: "POST",
        path: `${API}/auth/sign-in-link`,
        headers: { origin: ctx.origin },
        body: JSON.stringify({ email: userEmail(u) }),
      }));
    },
  },
];

/** The baseline's requests: primary-key lookups of many distinct users. */
export function baselineFixtures(ctx: FixtureContext, count: number): FixtureRequest[] {
  return sample(ctx, ctx.users, Math.min(count, ctx.users)).map((u) => ({
    method: "GET",
    path: `/users/${uuidOf(KIND.user, u)}`,
  }));
}

/** The write yardstick's requests: each inserts one audit event (bench/baseline-server.ts). */
export function writeBaselineFixtures(count: number): FixtureRequest[] {
  return Array.from({ length: count }, () => ({ method: "POST", path: "/events" }));
}

/** Recomputes a seeded session's stored hash (used by tests to check the seed). */
export function seededSessionHash(salt: string, index: number): string {
  return hashCookie(sessionCookie(salt, index));
}
