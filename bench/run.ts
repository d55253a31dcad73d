// `npm run bench`: seeds (or reuses) a benchmark database, starts the built portal as production
// would plus a bare node:http + pg baseline, drives both with the same load generator (a separate
// process) at 32 connections, and reports each scenario as a ratio to the same run's baseline.
// Options: --accounts N (10000) --duration S (10) --warmup S (3) --connections C (32)
//          --instances N (1) --soak S (0) --scenarios a,b --pool N (portal pool; default the
//          portal's own) --no-build --keep --profile --log-level L --baseline each|once
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "../src/server/platform/db/client.js";
import { migrateToLatest } from "../src/server/platform/db/migrate.js";
import { prng } from "./dataset.js";
import type { FixtureRequest, LoadJob, LoadResult } from "./load.js";
import { rssMb, sampleProcesses } from "./procstat.js";
import {
  formatReport,
  type Measured,
  RESULTS_DIR,
  type RunReport,
  type ScenarioResult,
  type SoakResult,
  writeReport,
} from "./report.js";
import { baselineFixtures, type FixtureContext, SCENARIOS, writeBaselineFixtures } from "./scenarios.js";
import { readSeedInfo, type SeedInfo, seedDatabase } from "./seed.js";
import { hasMoneyTables, seedMoney } from "./seed-money.js";
import { type InboxArrivals, isProbeAddress, startInboxProbe } from "./time-to-inbox.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RSS_LIMIT_MB = 200;
/** The portal's Node.js flags, as `npm start` and the README's deployment commands give them (decision 007). */
const PORTAL_NODE_FLAGS = ["--max-old-space-size=128"];
/** The portal's pool when DATABASE_POOL_SIZE is unset (platform/db/client.ts). */
const DEFAULT_POOL = 10;

type Options = {
  accounts: number;
  duration: number;
  warmup: number;
  connections: number;
  instances: number;
  soak: number;
  scenarios: string[] | null;
  pool: number | null;
  build: boolean;
  keep: boolean;
  profile: boolean;
  logLevel: string;
  baseline: "each" | "once";
  databaseUrl: string | null;
};

function parseArgs(argv: string[]): Options {
  const options: Options = {
    accounts: 10_000,
    duration: 10,
    warmup: 3,
    connections: 32,
    instances: 1,
    soak: 0,
    scenarios: null,
    pool: null,
    build: true,
    keep: false,
    profile: false,
    logLevel: "info",
    baseline: "each",
    databaseUrl: process.env.DATABASE_URL ?? null,
  };
  const number = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    switch (arg) {
      case "--accounts":
        options.accounts = Math.round(number(arg, value(), 10, 10_000_000));
        break;
      case "--duration":
        options.duration = number(arg, value(), 1, 600);
        break;
      case "--warmup":
        options.warmup = number(arg, value(), 0, 120);
        break;
      case "--connections":
        options.connections = Math.round(number(arg, value(), 1, 1024));
        break;
      case "--instances":
        options.instances = Math.round(number(arg, value(), 1, 16));
        break;
      case "--soak":
        options.soak = number(arg, value(), 0, 3600);
        break;
      case "--scenarios":
        options.scenarios = (value() ?? "").split(",").filter(Boolean);
        break;
      case "--pool":
        options.pool = Math.round(number(arg, value(), 1, 64));
        break;
      case "--no-build":
        options.build = false;
        break;
      case "--keep":
        options.keep = true;
        break;
      case "--profile":
        options.profile = true;
        break;
      case "--log-level":
        options.logLevel = value() ?? "info";
        break;
      case "--baseline":
        options.baseline = value() === "once" ? "once" : "each";
        break;
      case "--database-url":
        options.databaseUrl = value() ?? null;
        break;
      case "--help":
        process.stdout.write(
          `${fs
            .readFileSync(fileURLToPath(import.meta.url), "utf8")
            .split("\n")
            .slice(0, 6)
            .join("\n")}\n`,
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  const unknown = options.scenarios?.filter((s) => !SCENARIOS.some((x) => x.name === s)) ?? [];
  if (unknown.length) {
    throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  }
  return options;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      "select 1 from information_schema.tables where table_schema = 'public' and table_name = $1",
      [table],
    );
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** The seeded database: reused when its seed matches, (re)created when it is ours to recreate. */
async function prepareTemplate(options: Options): Promise<{ url: string; name: string; seed: SeedInfo }> {
  const url = options.databaseUrl ?? `postgres://postgres@127.0.0.1:5432/bf_bench_${options.accounts}`;
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name ${name} must be [a-z0-9_]+`);
  const ours = options.databaseUrl === null;
  await admin(url, async (c) => {
    const exists = await c.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) await c.query(`create database ${name}`);
  });
  let seed = await readSeedInfo(url);
  // A seed made before the accounts tables existed is stale once they do.
  const stale =
    seed !== null && (seed.accounts !== options.accounts || (!seed.withAccounts && (await hasAccountsMigration())));
  if (seed === null || stale) {
    if (seed !== null || !(await isEmpty(url))) {
      if (!ours) throw new Error(`${name} holds other data; point DATABASE_URL at an empty database to seed`);
      log(`recreating ${name} (previous seed: ${seed ? `${seed.accounts} accounts` : "incomplete"})`);
      await admin(url, async (c) => {
        await c.query(`drop database if exists ${name} with (force)`);
        await c.query(`create database ${name}`);
      });
    }
    log(`seeding ${name} with ${options.accounts.toLocaleString("en")} accounts`);
    seed = await seedDatabase({ databaseUrl: url, accounts: options.accounts });
    log(`seeded ${seed.rows.toLocaleString("en")} rows in ${seed.seconds} s`);
  } else {
    log(`reusing ${name} (seeded ${seed.seededAt}, ${seed.rows.toLocaleString("en")} rows in ${seed.seconds} s)`);
    if (!seed.withMoney) seed = await addMoney(url, seed);
  }
  return { url, name, seed };
}

/** A seed from before the money tables gains its cards, subscriptions and invoices in place. */
async function addMoney(url: string, seed: SeedInfo): Promise<SeedInfo> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (!(await hasMoneyTables(client))) {
      const handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
    }
    if (!(await hasMoneyTables(client))) return seed;
    log("adding cards, subscriptions and invoices to the seed");
    const started = Date.now();
    const money = await seedMoney(client);
    await client.query("vacuum analyze payment_methods, subscriptions, invoices, sandbox_gateway_cards");
    const updated: SeedInfo = { ...seed, withMoney: true, rows: seed.rows + money.rows };
    await client.query("update bench_seed set info = $1", [JSON.stringify(updated)]);
    log(
      `money for ${money.accounts.toLocaleString("en")} direct accounts in ${Math.round((Date.now() - started) / 100) / 10} s`,
    );
    return updated;
  } finally {
    await client.end();
  }
}

async function hasAccountsMigration(): Promise<boolean> {
  const { migrations } = await import("../src/server/platform/db/migrations/index.js");
  return Object.keys(migrations).some((m) => m.includes("billing_accounts"));
}

async function isEmpty(url: string): Promise<boolean> {
  if (!(await tableExists(url, "users"))) return true;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query("select 1 from users limit 1");
    return r.rowCount === 0;
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const children = new Set<ChildProcess>();

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess & { stderrTail: string[] } {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  }) as ChildProcess & {
    stderrTail: string[];
  };
  child.stderrTail = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    child.stderrTail.push(chunk);
    if (child.stderrTail.length > 20) child.stderrTail.shift();
  });
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) log(`${name} exited (${code ?? signal}): ${child.stderrTail.join("").slice(-2000)}`);
  });
  children.add(child);
  return child;
}

let stopping = false;
async function stopAll(): Promise<void> {
  stopping = true;
  const waits = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  );
  await Promise.all(waits);
}

async function waitReady(url: string, child: ChildProcess, seconds = 90): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited before it was ready`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${seconds} s`);
}

/** Runs one load job in its own process and returns its result with the servers' CPU and RSS. */
async function measure(job: LoadJob, pids: number[]): Promise<Measured> {
  const file = path.join(os.tmpdir(), `billfold-bench-job-${process.pid}-${randomBytes(4).toString("hex")}.json`);
  fs.writeFileSync(file, JSON.stringify(job));
  try {
    const chunks: string[] = [];
    const load = spawn(process.execPath, ["--import", "tsx", path.join(here, "load.ts"), file], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(load);
    load.stdout.setEncoding("utf8");
    // Sample the servers from the start of the measured window (after warm-up) to its end.
    let sampler: ReturnType<typeof sampleProcesses> | null = null;
    load.stdout.on("data", (c: string) => {
      chunks.push(c);
      if (!sampler && chunks.join("").includes("window-start")) sampler = sampleProcesses(pids);
    });
    const errors: string[] = [];
    load.stderr.setEncoding("utf8");
    load.stderr.on("data", (c: string) => errors.push(c));
    const code = await new Promise<number | null>((resolve) => load.once("exit", (c) => resolve(c)));
    children.delete(load);
    const proc = (sampler as ReturnType<typeof sampleProcesses> | null)?.stop() ?? {
      cpuPercent: 0,
      rssMbMax: pids.map(rssMb).reduce<number>((a, b) => a + (b ?? 0), 0),
      rssMbEnd: 0,
      machineBusyPercent: 0,
    };
    if (code !== 0) throw new Error(`load generator failed (${code}): ${errors.join("").slice(-2000)}`);
    const result = JSON.parse(chunks.join("").trim().split("\n").pop() ?? "{}") as LoadResult;
    return { ...result, proc };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const MAIL_DRAIN_LIMIT_SECONDS = 300;
/** Time to inbox: how long after the window the probe waits for its last links. */
const INBOX_WAIT_SECONDS = 60;
/** Issue 12: a sign-in link reaches the SMTP server within 2 s while writes run. */
const INBOX_P99_TARGET_MS = 2000;

/** Seconds until no mail job waits or runs, or null if that takes longer than `limitSeconds`. */
async function waitForMailQueue(client: pg.Client, limitSeconds: number): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name in ('mail', 'mail-urgent') and state in ('created', 'retry', 'active')",
    );
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (rows[0]?.n === 0) return seconds;
    if (seconds > limitSeconds) return null;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startSmtpSink(): Promise<{
  url: string;
  count(): number;
  /** When each time-to-inbox probe's mail was accepted, by recipient. */
  arrivals: InboxArrivals;
  close(): Promise<void>;
}> {
  let received = 0;
  const arrivals: InboxArrivals = new Map();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("end", () => {
        received++;
        for (const { address } of session.envelope.rcptTo) {
          if (isProbeAddress(address)) arrivals.set(address, Date.now());
        }
        callback();
      });
      stream.resume();
    },
  });
  // A client dropping its connection (a pooled one, when its process stops) is not our failure.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => received,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadAverage = os.loadavg();
  const template = await prepareTemplate(options);

  // Every run works on a fresh copy of the seeded database: write scenarios change it.
  const runName = `${template.name}_run`;
  const runUrl = withDatabase(template.url, runName);
  await admin(template.url, async (c) => {
    await c.query(`drop database if exists ${runName} with (force)`);
    await c.query(`create database ${runName} template ${template.name} strategy file_copy`);
  });
  log(`working on a copy: ${runName}`);

  if (options.build) {
    log("building the server (tsc -p tsconfig.build.json)");
    execFileSync(path.join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], {
      cwd: root,
      stdio: "inherit",
    });
  }
  const main = path.join(root, "dist", "server", "main.js");
  if (!fs.existsSync(main)) throw new Error("dist/server/main.js is missing: run without --no-build");

  const smtp = await startSmtpSink();
  const pool = options.pool ?? DEFAULT_POOL;
  const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
  const benchLicenseKey = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const baseUrl = `http://127.0.0.1:${ports[0]}`;
  const profileDir = path.join(RESULTS_DIR, `profiles-${startedAt.replaceAll(":", "-")}`);
  // One after another: two portals starting at the same moment on a fresh database can deadlock
  // in pg-boss's start-up (seen here; see docs/decisions/003-performance.md).
  const portals: ReturnType<typeof start>[] = [];
  for (const [i, port] of ports.entries()) {
    const portal = start(
      `portal ${i}`,
      [...PORTAL_NODE_FLAGS, ...(options.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), main, "serve"],
      {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        BASE_URL: baseUrl,
        DATABASE_URL: runUrl,
        SMTP_URL: smtp.url,
        LOG_LEVEL: options.logLevel,
        RATE_LIMIT_SCALE: "1000000",
        WORKER_IN_PROCESS: "true",
        DATA_DIR: path.join(os.tmpdir(), `billfold-bench-data-${i}`),
        // S3: every instance on the database signs licenses with one key (config refuses otherwise).
        LICENSE_PRIVATE_KEY: benchLicenseKey,
        ...(options.pool !== null ? { DATABASE_POOL_SIZE: String(pool) } : {}),
        ...(options.instances > 1 ? { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/7" } : {}),
      },
    );
    portals.push(portal);
    await waitReady(`http://127.0.0.1:${port}`, portal);
  }
  const targets = ports.map((p) => `http://127.0.0.1:${p}`);
  const baselinePort = await freePort();
  const baseline = start(
    "baseline",
    [
      "--import",
      "tsx",
      path.join(here, "baseline-server.ts"),
      "--port",
      String(baselinePort),
      "--database-url",
      runUrl,
      "--pool",
      String(pool),
    ],
    { PATH: process.env.PATH, NODE_ENV: "production" },
  );
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;

  const client = new pg.Client({ connectionString: runUrl });
  const report: RunReport = {
    startedAt,
    finishedAt: "",
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      node: process.version,
      postgres: "",
      loadAverage,
    },
    options: { ...options, pool, databaseUrl: undefined },
    seed: template.seed,
    scenarios: [],
    soak: null,
    rssLimitMb: RSS_LIMIT_MB,
    failures: [],
    misses: [],
  };
  try {
    await Promise.all([...portals.map((p, i) => waitReady(targets[i]!, p)), waitReady(baselineUrl, baseline)]);
    log(`portal ready at ${targets.join(", ")}; baseline at ${baselineUrl}`);
    await client.connect();
    report.machine.postgres =
      (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? "";
    report.machine.postgres = `PostgreSQL ${report.machine.postgres}`;
    const openapi = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as {
      paths?: Record<string, unknown>;
    };
    const paths = new Set(Object.keys(openapi.paths ?? {}));
    const tables = new Set(
      (
        await client.query<{ t: string }>(
          "select table_name as t from information_schema.tables where table_schema = 'public'",
        )
      ).rows.map((r) => r.t),
    );

    const ctx: FixtureContext = {
      client,
      salt: template.seed.salt,
      accounts: template.seed.accounts,
      users: template.seed.users,
      origin: baseUrl,
      runTag: randomBytes(3).toString("hex"),
      random: prng(Date.now() & 0x7fffffff),
    };
    const portalPids = portals.map((p) => p.pid!);
    const job = (
      targetUrls: string[],
      requests: FixtureRequest[],
      singleUse: boolean,
      duration = options.duration,
    ): LoadJob => ({
      targets: targetUrls,
      connections: options.connections,
      warmupSeconds: options.warmup,
      durationSeconds: duration,
      singleUse,
      requests,
    });
    const baselineRequests = baselineFixtures(ctx, 20_000);
    let lastBaseline: Measured | null = null;

    for (const scenario of SCENARIOS) {
      if (options.scenarios && !options.scenarios.includes(scenario.name)) continue;
      const result: ScenarioResult = {
        name: scenario.name,
        label: scenario.label,
        target: scenario.target,
        status: "skipped",
      };
      report.scenarios.push(result);
      const missingTable = scenario.requiresTables.find((t) => !tables.has(t));
      if (missingTable || !paths.has(scenario.requiresPath)) {
        result.skipReason = missingTable ? `no ${missingTable} table yet` : `no ${scenario.requiresPath} route yet`;
        log(`${scenario.name}: skipped (${result.skipReason})`);
        continue;
      }
      if (options.baseline === "each" || !lastBaseline) {
        lastBaseline = await measure(job([baselineUrl], baselineRequests, false), [baseline.pid!]);
        log(`${scenario.name}: baseline ${Math.round(lastBaseline.rps)} req/s`);
      }
      const totalSeconds = options.warmup + options.duration;
      const count = scenario.singleUse
        ? Math.min(400_000, Math.ceil(lastBaseline.rps * totalSeconds * 1.2) + options.connections * 4)
        : 20_000;
      const fixtures = await scenario.fixtures(ctx, count);
      result.fixtures = fixtures.length;
      if (fixtures.length < options.connections * 4) {
        result.skipReason = `only ${fixtures.length} fixtures`;
        log(`${scenario.name}: skipped (${result.skipReason})`);
        continue;
      }
      if (scenario.singleUse && report.writeBaseline === undefined) {
        report.writeBaseline = await measure(job([baselineUrl], writeBaselineFixtures(20_000), false), [baseline.pid!]);
        log(`write yardstick: ${Math.round(report.writeBaseline.rps)} req/s (one INSERT per request)`);
      }
      await client.query("checkpoint").catch(() => {});
      const mailBefore = smtp.count();
      // Writes: a sign-in link is asked for every 100 ms while the load runs, and timed to the sink.
      const probe = scenario.singleUse
        ? startInboxProbe({
            target: targets[0]!,
            origin: ctx.origin,
            tag: `${ctx.runTag}-${scenario.name}`,
            arrivals: smtp.arrivals,
          })
        : null;
      const measured = await measure(job(targets, fixtures, scenario.singleUse), portalPids);
      const mailInWindow = smtp.count() - mailBefore;
      if (probe) {
        result.timeToInbox = await probe.stop(INBOX_WAIT_SECONDS);
        const t = result.timeToInbox;
        log(
          `${scenario.name}: time to inbox of ${t.requested} sign-in links: p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms, max ${t.maxMs} ms${t.missing ? `, ${t.missing} not arrived` : ""}`,
        );
        // In the sign-in link scenario every request is itself urgent mail: the probe queues
        // behind the scenario's own links, which no priority can avoid. The target is for the others.
        if (scenario.name !== "sign-in-link" && (t.missing > 0 || (t.p99Ms ?? 0) > INBOX_P99_TARGET_MS)) {
          report.misses.push(
            `${scenario.name}: time to inbox p99 ${t.p99Ms} ms > ${INBOX_P99_TARGET_MS} ms${t.missing ? ` (${t.missing} links not arrived)` : ""}`,
          );
        }
      }
      result.status = "measured";
      result.portal = measured;
      result.baseline = lastBaseline;
      result.ratio = Math.round((measured.rps / lastBaseline.rps) * 100) / 100;
      result.meetsTarget = scenario.target === null || result.ratio >= scenario.target;
      if (scenario.singleUse && report.writeBaseline) {
        result.writeRatio = Math.round((measured.rps / report.writeBaseline.rps) * 100) / 100;
      }
      const errors = measured.errors + measured.timeouts + measured.non2xx;
      log(
        `${scenario.name}: ${Math.round(measured.rps)} req/s, p99 ${measured.latencyMs.p99} ms, ratio ${result.ratio}, errors ${errors}${measured.exhausted ? " (fixtures ran out before the window's end)" : ""}`,
      );
      if (errors > 0) {
        report.failures.push(
          `${scenario.name}: ${errors} errors (${JSON.stringify(measured.statusCodes)}; ${JSON.stringify(measured.errorSamples.slice(0, 2))})`,
        );
      }
      if (scenario.singleUse) {
        // The worker runs in the portal (as `npm start` does): a write's mail is delivered while
        // the load runs, and whatever is left must be delivered before the next scenario starts,
        // or it would be measured there.
        const drained = await waitForMailQueue(client, MAIL_DRAIN_LIMIT_SECONDS);
        result.mail = { inWindow: mailInWindow, total: smtp.count() - mailBefore, drainSeconds: drained };
        log(
          `${scenario.name}: ${result.mail.total} mails delivered, ${mailInWindow} while the load ran; queue empty ${drained ?? `not within ${MAIL_DRAIN_LIMIT_SECONDS}`} s after it`,
        );
        if (drained === null)
          report.failures.push(`${scenario.name}: mail queue not empty ${MAIL_DRAIN_LIMIT_SECONDS} s after the window`);
      }
      if (!result.meetsTarget) report.misses.push(`${scenario.name}: ratio ${result.ratio} < ${scenario.target}`);
      if (measured.proc.rssMbMax > RSS_LIMIT_MB * options.instances) {
        report.misses.push(`${scenario.name}: RSS ${measured.proc.rssMbMax} MB > ${RSS_LIMIT_MB} MB per instance`);
      }
      if (portals.some((p) => p.exitCode !== null)) throw new Error("a portal process exited during the run");
    }

    if (options.soak > 0) report.soak = await soak(options, ctx, targets, portalPids, job);
    if (report.soak?.grows) report.misses.push(`soak: RSS grew ${report.soak.growthMb} MB over ${options.soak} s`);
    if (report.soak?.windows.some((w) => w.errors > 0)) report.failures.push("soak: errors");
  } catch (error) {
    report.failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await client.end().catch(() => {});
    await stopAll();
    await smtp.close();
    if (!options.keep) {
      await admin(template.url, (c) => c.query(`drop database if exists ${runName} with (force)`)).catch(() => {});
    }
  }
  report.finishedAt = new Date().toISOString();
  const file = writeReport(report);
  process.stdout.write(`${formatReport(report)}\n\nresults: ${path.relative(root, file)}\n`);
  if (options.profile) process.stdout.write(`CPU profiles: ${path.relative(root, profileDir)}\n`);
  return report.failures.length > 0 ? 1 : 0;
}

/**
 * --soak S: the read scenarios mixed with sign-in link requests (one in eleven: a write through the
 * deferred writes and the mail queue, repeatable since a user may ask again), in 30-second
 * windows, watching the portal's RSS.
 */
async function soak(
  options: Options,
  ctx: FixtureContext,
  targets: string[],
  pids: number[],
  job: (t: string[], r: FixtureRequest[], s: boolean, d?: number) => LoadJob,
): Promise<SoakResult> {
  const perScenario: Record<string, number> = {
    session: 10_000,
    overview: 10_000,
    managers: 10_000,
    invitations: 10_000,
    "sign-in-link": 4_000,
  };
  const mixed: FixtureRequest[] = [];
  for (const scenario of SCENARIOS.filter((s) => s.name in perScenario)) {
    try {
      mixed.push(...(await scenario.fixtures(ctx, perScenario[scenario.name]!)));
    } catch {
      // a scenario whose tables are missing is left out of the mix
    }
  }
  for (let i = mixed.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [mixed[i], mixed[j]] = [mixed[j]!, mixed[i]!];
  }
  const windowSeconds = Math.min(30, options.soak);
  const windows: SoakResult["windows"] = [];
  const started = Date.now();
  let rssMax = 0;
  while ((Date.now() - started) / 1000 < options.soak) {
    const w = await measure({ ...job(targets, mixed, false, windowSeconds), warmupSeconds: 0 }, pids);
    const rss = pids.map(rssMb).reduce<number>((a, b) => a + (b ?? 0), 0);
    rssMax = Math.max(rssMax, w.proc.rssMbMax, rss);
    windows.push({
      at: Math.round((Date.now() - started) / 1000),
      rps: w.rps,
      p99: w.latencyMs.p99,
      rssMb: rss,
      errors: w.errors + w.timeouts + w.non2xx,
    });
    log(`soak ${windows.at(-1)!.at} s: ${Math.round(w.rps)} req/s, RSS ${rss} MB`);
  }
  const first = windows[0]?.rssMb ?? 0;
  const last = windows.at(-1)?.rssMb ?? 0;
  const growth = Math.round((last - first) * 10) / 10;
  return {
    seconds: options.soak,
    windows,
    rssStartMb: first,
    rssEndMb: last,
    rssMaxMb: Math.round(rssMax * 10) / 10,
    growthMb: growth,
    // Heaps breathe; growth beyond 16 MB (and 10 %) between the first and last window is a leak.
    grows: growth > Math.max(16, first * 0.1),
  };
}

process.on("SIGINT", () => {
  void stopAll().then(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
  },
);
