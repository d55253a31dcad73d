// `npm run bench:renewals`: the renewal run (B7) over N subscriptions due today, in-process against
// PostgreSQL, reporting renewals per second. It works on a copy of the benchmark's seeded database
// (the one `npm run bench -- --accounts A` uses, seeded here if missing), makes N auto-renewing
// direct subscriptions due today on N accounts that have a default sandbox card (seed-money.ts),
// and times `runRenewals(billingDeps(runtime), today)`: per subscription a charge at the gateway,
// a renewal invoice with the next number, the new term, events and the invoice mail (queued; no
// worker runs, so delivery is not in the time). Then it runs again for the same day, which must
// renew nothing (the run is idempotent), and checks the database: N renewal invoices, N new terms.
// Options: --accounts A (10000) --renewals N (2000) --database-url URL (the seeded database) --keep
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { billingDeps, createRuntime } from "../src/server/app/bootstrap.js";
import { runRenewals, toIsoDate } from "../src/server/modules/billing/index.js";
import { loadConfig } from "../src/server/platform/config.js";
import { RESULTS_DIR } from "./report.js";
import { readSeedInfo, seedDatabase } from "./seed.js";
import { BENCH_PLAN, seedMoney } from "./seed-money.js";

const log = (message: string) => process.stderr.write(`bench:renewals: ${message}\n`);

function parseArgs(argv: string[]) {
  const options = { accounts: 10_000, renewals: 2_000, databaseUrl: null as string | null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const n = () => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} must be a positive whole number`);
      return value;
    };
    if (arg === "--accounts") options.accounts = n();
    else if (arg === "--renewals") options.renewals = n();
    else if (arg === "--database-url") options.databaseUrl = argv[++i] ?? null;
    else if (arg === "--keep") options.keep = true;
    else throw new Error(`unknown option ${arg}: --accounts A --renewals N --database-url URL --keep`);
  }
  return options;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const templateUrl =
    options.databaseUrl ??
    process.env.DATABASE_URL ??
    `postgres://postgres@127.0.0.1:5432/bf_bench_${options.accounts}`;
  const template = decodeURIComponent(new URL(templateUrl).pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(template)) throw new Error(`database name ${template} must be [a-z0-9_]+`);
  const admin = withDatabase(templateUrl, "postgres");

  await withClient(admin, async (c) => {
    const exists = await c.query("select 1 from pg_database where datname = $1", [template]);
    if (exists.rowCount === 0) await c.query(`create database ${template}`);
  });
  let seed = await readSeedInfo(templateUrl);
  if (seed === null) {
    log(`seeding ${template} with ${options.accounts.toLocaleString("en")} accounts`);
    seed = await seedDatabase({ databaseUrl: templateUrl, accounts: options.accounts });
  } else if (!seed.withMoney) {
    log(`adding cards, subscriptions and invoices to ${template}`);
    await withClient(templateUrl, async (c) => {
      const money = await seedMoney(c);
      await c.query("update bench_seed set info = $1", [
        JSON.stringify({ ...seed, withMoney: true, rows: seed!.rows + money.rows }),
      ]);
    });
  }

  const copy = `${template}_renewals`;
  const copyUrl = withDatabase(templateUrl, copy);
  await withClient(admin, async (c) => {
    await c.query(`drop database if exists ${copy} with (force)`);
    await c.query(`create database ${copy} template ${template} strategy file_copy`);
  });
  log(`working on a copy: ${copy}`);

  const today = toIsoDate(new Date());
  try {
    const made = await withClient(copyUrl, async (c) => {
      // N accounts with a default card, in random order (not walking an index in key order), each
      // given a subscription whose one-year term ends today.
      const result = await c.query(
        `insert into subscriptions
           (billing_account_id, plan_id, plan_name, deployment, seats, currency, term_start, term_end, auto_renew)
         select pm.billing_account_id, $1, $2, 'saas', 10, a.currency, ($3::date - interval '1 year')::date, $3::date, true
           from payment_methods pm join billing_accounts a on a.id = pm.billing_account_id
          where pm.is_default and a.channel = 'direct'
          order by random()
          limit $4`,
        [BENCH_PLAN.id, BENCH_PLAN.name, today, options.renewals],
      );
      await c.query("vacuum analyze subscriptions");
      const due = await c.query<{ n: number }>(
        "select count(*)::int as n from subscriptions where term_end <= ($1::date + 30) and status in ('active', 'past_due') and auto_renew",
        [today],
      );
      return { inserted: result.rowCount ?? 0, dueWithinHorizon: due.rows[0]!.n };
    });
    if (made.inserted < options.renewals) {
      throw new Error(
        `only ${made.inserted} accounts have a default card in ${template}: ask for at most that many renewals, or use a larger --accounts`,
      );
    }
    log(
      `${made.inserted.toLocaleString("en")} subscriptions due ${today} (${made.dueWithinHorizon} within the run's 30-day horizon)`,
    );

    const runtime = await createRuntime(
      loadConfig({
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: copyUrl,
        // Mail is only queued here: no worker runs, nothing connects to this address.
        SMTP_URL: "smtp://127.0.0.1:9",
        LOG_LEVEL: "warn",
        // S3: production on PostgreSQL names its license key; a fresh one will do here.
        LICENSE_PRIVATE_KEY: generateKeyPairSync("ed25519")
          .privateKey.export({ type: "pkcs8", format: "pem" })
          .toString(),
      }),
    );
    let first: Awaited<ReturnType<typeof runRenewals>>;
    let second: Awaited<ReturnType<typeof runRenewals>>;
    let seconds: number;
    let secondSeconds: number;
    try {
      const deps = billingDeps(runtime);
      const started = process.hrtime.bigint();
      // Progress every 30 s from the gateway's charges (empty before the run), so a long run shows
      // its rate as it goes.
      const ticker = setInterval(() => {
        void withClient(copyUrl, (c) =>
          c.query<{ n: number }>("select count(*)::int as n from sandbox_gateway_charges"),
        ).then(
          (r) => {
            const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
            const n = r.rows[0]!.n;
            log(`${n.toLocaleString("en")} charged after ${Math.round(elapsed)} s (${Math.round(n / elapsed)}/s)`);
          },
          () => {},
        );
      }, 30_000);
      try {
        first = await runRenewals(deps, today);
      } finally {
        clearInterval(ticker);
      }
      seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const again = process.hrtime.bigint();
      second = await runRenewals(deps, today);
      secondSeconds = Number(process.hrtime.bigint() - again) / 1e9;
    } finally {
      await runtime.close();
    }

    const check = await withClient(copyUrl, async (c) => {
      const r = await c.query<{ invoices: number; renewed: number; stillDue: number; charges: number }>(
        `select (select count(*)::int from invoices where kind = 'renewal') as invoices,
                (select count(distinct i.subscription_id)::int from invoices i
                   join subscriptions s on s.id = i.subscription_id and s.term_start = $1::date and s.term_end > $1::date
                  where i.kind = 'renewal') as renewed,
                (select count(*)::int from subscriptions where term_end <= $1::date) as "stillDue",
                (select count(*)::int from sandbox_gateway_charges where outcome = 'succeeded') as charges`,
        [today],
      );
      return r.rows[0]!;
    });
    const rate = first.renewed / seconds;
    const result = {
      startedAt: new Date().toISOString(),
      accounts: seed.accounts,
      due: made.inserted,
      today,
      first: { ...first, seconds: Math.round(seconds * 100) / 100, renewalsPerSecond: Math.round(rate) },
      secondRunSameDay: { ...second, seconds: Math.round(secondSeconds * 100) / 100 },
      database: check,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(
      RESULTS_DIR,
      `renewals-${result.startedAt.replaceAll(":", "-").replace(/\.\d+Z$/, "Z")}.json`,
    );
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      [
        `Renewal run, ${seed.accounts.toLocaleString("en")} accounts, ${made.inserted.toLocaleString("en")} subscriptions due ${today}:`,
        `  ${first.renewed.toLocaleString("en")} renewed, ${first.failed} failed, ${first.reminded} reminded, ${first.expired} expired (${first.examined} examined) in ${seconds.toFixed(1)} s: ${Math.round(rate).toLocaleString("en")} renewals/s`,
        `  same day again: ${second.renewed} renewed, ${second.failed} failed (${second.examined} examined) in ${secondSeconds.toFixed(1)} s`,
        `  database: ${check.invoices} renewal invoices, ${check.renewed} subscriptions renewed into their new term, ${check.stillDue} still due, ${check.charges} successful charges`,
        `results: ${path.relative(process.cwd(), file)}`,
        "",
      ].join("\n"),
    );
    const ok =
      first.renewed === made.inserted &&
      second.renewed === 0 &&
      check.invoices === made.inserted &&
      check.renewed === made.inserted &&
      check.stillDue === 0 &&
      check.charges === made.inserted;
    if (!ok) {
      process.stderr.write("bench:renewals: FAILED: the run did not renew every due subscription exactly once\n");
      process.exitCode = 1;
    }
  } finally {
    if (!options.keep) {
      await withClient(admin, (c) => c.query(`drop database if exists ${copy} with (force)`)).catch(() => {});
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:renewals: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
