// The `billfold` command line. Returns an exit code, or null for long-running commands.
import { parseEmail } from "../../shared/email.js";
import { buildApp } from "../app/app.js";
import { billingDeps, createRuntime, type Runtime, startWorkers } from "../app/bootstrap.js";
import { runRenewals, toIsoDate } from "../modules/billing/index.js";
import { ConfigError, loadConfig } from "../platform/config.js";
import { openDatabase } from "../platform/db/client.js";
import { DataDirLockedError } from "../platform/db/data-dir-lock.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { type CliIo, processIo } from "./cli-io.js";
import { license } from "./license.js";
import { existingDemoUsers, seedDemo } from "./seed.js";
import { addStaff } from "./staff.js";

const USAGE = `Usage: billfold <command>
  serve                          start the portal (and its worker unless WORKER_IN_PROCESS=false)
  worker                         run only the background worker (mail and other jobs)
  migrate                        apply database migrations
  staff add EMAIL --role R       make EMAIL a staff member (R: support | admin)
  seed --demo                    load demo data
  renewals run [--date YYYY-MM-DD]
                                 take the renewal steps due on that day (default today): reminders,
                                 charges, retries, expiries; safe to repeat (cron, tests)
  license verify FILE|- [--public-key PEMFILE]
                                 check a license file offline and print its contents. Keys: the
                                 PEM file, else $BILLFOLD_LICENSE_PUBLIC_KEY, else this portal's
                                 own (LICENSE_PRIVATE_KEY / DATA_DIR, LICENSE_PUBLIC_KEYS).
                                 Exit 0: valid; 1: invalid (format, algorithm, unknown key id,
                                 signature); 3: valid but expired; 2: usage or unreadable input
  license activate CODE [--instance-id ID] [--url BASE_URL] [--out FILE] [--public-key PEMFILE]
                                 bind a subscription to this instance and save its license
                                 (instance id default: ./billfold-instance-id, made once; URL
                                 default: $BASE_URL or http://localhost:3000). Exit 0: activated;
                                 1: refused or the license does not verify; 2: usage
`;

export async function runCli(args: string[], io: CliIo = processIo): Promise<number | null> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "serve":
        await serve();
        return null;
      case "worker":
        await worker();
        return null;
      case "migrate":
        return await migrate();
      case "staff":
        return await staff(rest);
      case "seed":
        return await seed(rest);
      case "renewals":
        return await renewals(rest);
      case "license":
        return await license(rest, io);
      default:
        process.stdout.write(USAGE);
        return command === undefined || command === "help" || command === "--help" ? 0 : 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const app = await buildApp(runtime);
  if (config.workerInProcess) await startWorkers(runtime);
  const seeded = !config.isProduction
    ? ((await seedDemo(runtime.db, {
        onlyIfEmpty: true,
        catalog: runtime.billing.catalog,
        seller: runtime.billing.seller,
      })) ?? (await existingDemoUsers(runtime.db)))
    : null;
  await app.listen({ port: config.port, host: config.host });
  onShutdown(async () => {
    await app.close();
    await runtime.close();
  });
  printWelcome(runtime, seeded);
}

function printWelcome(runtime: Runtime, seeded: { emails: string[] } | null): void {
  const { config } = runtime;
  const lines = [
    "",
    `Billfold is running at ${config.baseUrl}`,
    `  database: ${runtime.database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL"}`,
    `  sign in:  ${config.baseUrl}/sign-in (enter any email address)`,
    config.smtpUrl
      ? `  mail:     sent through ${new URL(config.smtpUrl).host}`
      : `  mail:     no SMTP_URL, so messages go to ${config.baseUrl}/dev/mailbox and links are printed here`,
  ];
  if (seeded) lines.push(`  demo:     sign in as ${seeded.emails.join(", ")}`);
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

async function worker(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  await startWorkers(runtime);
  runtime.logger.info("worker started");
  onShutdown(() => runtime.close());
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = config.databaseUrl
    ? await openDatabase({ databaseUrl: config.databaseUrl })
    : await openDatabase({ dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function migrate(): Promise<number> {
  const applied = await withDatabase(async () => []);
  process.stdout.write(`Migrations are up to date${applied.length ? ` (${applied.length} applied)` : ""}.\n`);
  return 0;
}

async function staff(args: string[]): Promise<number> {
  const [sub, emailArg, flag, role] = args;
  const email = emailArg ? parseEmail(emailArg) : null;
  if (sub !== "add" || !email || flag !== "--role" || (role !== "support" && role !== "admin")) {
    process.stderr.write("Usage: billfold staff add EMAIL --role support|admin\n");
    return 2;
  }
  await withDatabase((db) => addStaff(db, email, role));
  process.stdout.write(`${email} is now staff (${role}).\n`);
  return 0;
}

async function seed(args: string[]): Promise<number> {
  if (args[0] !== "--demo") {
    process.stderr.write("Usage: billfold seed --demo\n");
    return 2;
  }
  const result = await withDatabase((db) => seedDemo(db, { onlyIfEmpty: false }));
  process.stdout.write(`Demo data loaded. Sign in as: ${result?.emails.join(", ")}\n`);
  return 0;
}

async function renewals(args: string[]): Promise<number> {
  const [sub, flag, date] = args;
  const valid =
    sub === "run" &&
    (flag === undefined ||
      (flag === "--date" && date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date))));
  if (!valid) {
    process.stderr.write("Usage: billfold renewals run [--date YYYY-MM-DD]\n");
    return 2;
  }
  const runtime = await createRuntime(loadConfig());
  try {
    const day = date ?? toIsoDate(new Date());
    const report = await runRenewals(billingDeps(runtime), day);
    process.stdout.write(
      `Renewals for ${day}: ${report.examined} examined, ${report.reminded} reminded, ${report.renewed} renewed, ${report.failed} failed (to retry), ${report.expired} expired.\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
