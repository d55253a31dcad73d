// Bulk-loads the benchmark data set with COPY (pg-copy-streams): users, sessions, one-time tokens,
// billing accounts with 1–5 managers, invitations (accepted, pending, expired, revoked), contacts
// and audit events; then, in SQL, cards, subscriptions and invoices (seed-money.ts). A million
// accounts load in minutes; a progress bar with rate and ETA goes to stderr.
// Usage on its own: `tsx bench/seed.ts --accounts 10000 [--database-url URL]`.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase } from "../src/server/platform/db/client.js";
import { migrateToLatest } from "../src/server/platform/db/migrate.js";
import {
  benchAgent,
  hashCookie,
  KIND,
  prng,
  sessionCookie,
  userCount,
  userEmail,
  userNames,
  uuidOf,
} from "./dataset.js";
import { hasMoneyTables, seedMoney } from "./seed-money.js";

export type SeedInfo = {
  accounts: number;
  users: number;
  salt: string;
  seededAt: string;
  seconds: number;
  rows: number;
  withAccounts: boolean;
  /** Cards, subscriptions and invoices (bench/seed-money.ts); absent in seeds made before them. */
  withMoney?: boolean;
};

const DAY = 24 * 60 * 60 * 1000;

/** COPY text format: \N for null, backslash escapes for the few characters that need them. */
function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value !== "string") return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r")
    : value;
}
const line = (values: (string | number | boolean | null | undefined)[]) => `${values.map(field).join("\t")}\n`;

class Progress {
  private done = 0;
  private readonly started = Date.now();
  private lastPrint = 0;
  private readonly tty = process.stderr.isTTY === true;
  constructor(
    private total: number,
    private readonly quiet: boolean,
  ) {}
  add(rows: number, label: string): void {
    this.done += rows;
    const now = Date.now();
    if (now - this.lastPrint < (this.tty ? 200 : 5000)) return;
    this.lastPrint = now;
    this.print(label);
  }
  finish(label: string): void {
    this.total = Math.max(this.total, this.done);
    this.print(label);
    if (!this.quiet && this.tty) process.stderr.write("\n");
  }
  get rows(): number {
    return this.done;
  }
  private print(label: string): void {
    if (this.quiet) return;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 0.001);
    const fraction = Math.min(1, this.done / Math.max(this.total, 1));
    const eta = rate > 0 ? Math.max(0, (this.total - this.done) / rate) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
    const text = `seed [${bar}] ${(fraction * 100).toFixed(1).padStart(5)}% ${this.done.toLocaleString("en")}/${this.total.toLocaleString("en")} rows  ${Math.round(rate).toLocaleString("en")} rows/s  ETA ${formatSeconds(eta)}  ${label}`;
    process.stderr.write(this.tty ? `\r${text.padEnd(140)}` : `${text}\n`);
  }
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Streams generated rows into `COPY table (columns) FROM STDIN`, in batches. */
async function copyRows(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: string[],
  rows: Iterable<string>,
  progress: Progress,
): Promise<void> {
  const iterator = rows[Symbol.iterator]();
  const source = new Readable({
    highWaterMark: 1 << 20,
    read() {
      let chunk = "";
      let count = 0;
      for (;;) {
        const next = iterator.next();
        if (next.done) {
          if (chunk) this.push(chunk);
          progress.add(count, table);
          this.push(null);
          return;
        }
        chunk += next.value;
        count++;
        if (count >= 2000) break;
      }
      progress.add(count, table);
      this.push(chunk);
    },
  });
  const sink = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
  await pipeline(source, sink);
}

/** The shape of one billing account, recomputed identically by every table's pass. */
type AccountShape = {
  creator: number;
  managers: number[]; // managers[0] is the creator (subscription contact)
  billingContact: "subscription_contact" | "manager" | "custom";
  reseller: boolean;
  pending: { invitee: number | null; expired: boolean }[];
  revoked: boolean;
};

function accountShape(a: number, accounts: number, users: number): AccountShape {
  const rng = prng(Math.imul(a + 1, 0x9e3779b1) ^ 0x5bd1e995);
  // Most users own the account of their own index; one in ten accounts is created by one of a
  // small set of "power users" who therefore manage several accounts.
  const powerUsers = Math.max(1, Math.floor(accounts / 50));
  const creator = rng() < 0.9 ? a : Math.floor(rng() * powerUsers);
  const r = rng();
  const count = r < 0.4 ? 1 : r < 0.7 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5;
  const managers = [creator];
  while (managers.length < count) {
    const candidate = Math.floor(rng() * users);
    if (!managers.includes(candidate)) managers.push(candidate);
  }
  const c = rng();
  const billingContact = c < 0.8 ? "subscription_contact" : c < 0.9 && managers.length > 1 ? "manager" : "custom";
  const p = rng();
  const pendingCount = p < 0.5 ? 0 : p < 0.8 ? 1 : p < 0.95 ? 2 : 3;
  const pending: AccountShape["pending"] = [];
  for (let i = 0; i < pendingCount; i++) {
    let invitee: number | null = null;
    if (rng() < 0.4) {
      const candidate = Math.floor(rng() * users);
      if (!managers.includes(candidate) && !pending.some((x) => x.invitee === candidate)) invitee = candidate;
    }
    pending.push({ invitee, expired: rng() < 0.3 });
  }
  return { creator, managers, billingContact, reseller: rng() < 0.1, pending, revoked: rng() < 0.2 };
}

const COUNTRIES = ["DE", "US", "FR", "GB", "NL", "JP", "BR", "IN", "CA", "AU"];
const CURRENCIES = ["EUR", "USD", "EUR", "GBP", "EUR", "JPY", "BRL", "INR", "CAD", "AUD"];

/** Seeds an empty, migrated database. */
export async function seedDatabase(options: {
  databaseUrl: string;
  accounts: number;
  quiet?: boolean;
}): Promise<SeedInfo> {
  const started = Date.now();
  const accounts = options.accounts;
  const users = userCount(accounts);
  const salt = randomBytes(6).toString("hex");
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  const handle = await openDatabase({ databaseUrl: options.databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    const has = new Set(tables.rows.map((r) => r.table_name));
    const withAccounts = has.has("billing_accounts");
    const existing = await client.query<{ n: string }>("select count(*)::text as n from users");
    if (Number(existing.rows[0]?.n) > 0) throw new Error("refusing to seed: the database already has users");

    // Bulk load: no fsync wait per commit; foreign-key triggers off (the generator keeps every
    // reference valid, and CHECK constraints still apply).
    await client.query("set synchronous_commit = off");
    await client.query("set session_replication_role = replica");
    await client.query("set maintenance_work_mem = '256MB'");

    // Secondary indexes are dropped for the load and rebuilt afterwards (a sorted build is many times
    // faster than maintaining a random-UUID btree row by row). Constraint indexes stay.
    const loaded = ["users", "sessions", "one_time_tokens", "events"];
    if (withAccounts) loaded.push("billing_accounts", "billing_account_invitations", "billing_account_managers");
    const indexes = await client.query<{ name: string; def: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i
        where i.indrelid = any($1::regclass[])
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [loaded],
    );
    for (const index of indexes.rows) await client.query(`drop index ${index.name}`);

    const estimate =
      users * (1 + 1.25 + 0.5 + 1) + (withAccounts ? accounts * (1 + 2.1 + 1.1 + 0.75 + 0.2 + 1 + 2.05) : 0);
    const progress = new Progress(Math.round(estimate), options.quiet === true);

    // Users: confirmed, a few deactivated, a few staff.
    await copyRows(
      client,
      "users",
      [
        "id",
        "email",
        "email_key",
        "first_name",
        "last_name",
        "email_confirmed_at",
        "login_activated",
        "staff_role",
        "created_at",
        "updated_at",
      ],
      (function* () {
        for (let i = 0; i < users; i++) {
          const email = userEmail(i);
          const names = userNames(i);
          const created = iso(now - ((i * 7919) % 700) * DAY - DAY);
          yield line([
            uuidOf(KIND.user, i),
            email,
            email.toLowerCase(),
            names.first,
            names.last,
            created,
            i % 500 !== 499,
            i % 10007 === 3 ? "support" : null,
            created,
            created,
          ]);
        }
      })(),
      progress,
    );

    // Sessions: one live session per user (the bench's cookies) and, for a quarter of users, an
    // older revoked one.
    await copyRows(
      client,
      "sessions",
      ["id", "id_hash", "user_id", "created_at", "last_seen_at", "expires_at", "revoked_at", "ip", "user_agent"],
      (function* () {
        for (let i = 0; i < users; i++) {
          const created = now - (i % 10) * 60 * 60 * 1000;
          yield line([
            uuidOf(KIND.session, i),
            hashCookie(sessionCookie(salt, i)),
            uuidOf(KIND.user, i),
            iso(created),
            iso(now - (i % 60) * 1000),
            iso(created + 14 * DAY),
            null,
            `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
            benchAgent(i),
          ]);
          if (i % 4 === 0) {
            yield line([
              uuidOf(KIND.session, users + i),
              hashCookie(`old-${salt}-${i}`),
              uuidOf(KIND.user, i),
              iso(now - 20 * DAY),
              iso(now - 19 * DAY),
              iso(now - 6 * DAY),
              iso(now - 19 * DAY),
              null,
              "Mozilla/5.0",
            ]);
          }
        }
      })(),
      progress,
    );

    // One-time tokens: half the users have a used sign-in link.
    await copyRows(
      client,
      "one_time_tokens",
      ["id", "token_hash", "purpose", "user_id", "email", "email_key", "expires_at", "used_at", "created_at"],
      (function* () {
        for (let i = 0; i < users; i += 2) {
          const email = userEmail(i);
          const created = now - (i % 30) * DAY - DAY;
          yield line([
            uuidOf(KIND.token, i),
            hashCookie(`token-${salt}-${i}`),
            "sign_in",
            uuidOf(KIND.user, i),
            email,
            email.toLowerCase(),
            iso(created + DAY),
            iso(created + 60_000),
            iso(created),
          ]);
        }
      })(),
      progress,
    );

    if (withAccounts) {
      await copyRows(
        client,
        "billing_accounts",
        [
          "id",
          "account_number",
          "company_name",
          "tax_id",
          "address_line1",
          "address_city",
          "address_postal_code",
          "address_country",
          "currency",
          "channel",
          "reseller_name",
          "created_by_user_id",
          "subscription_contact_user_id",
          "subscription_contact_first_name",
          "subscription_contact_last_name",
          "billing_contact_type",
          "billing_contact_user_id",
          "billing_contact_first_name",
          "billing_contact_last_name",
          "billing_contact_email",
          "billing_contact_address_line1",
          "billing_contact_address_city",
          "billing_contact_address_postal_code",
          "billing_contact_address_country",
          "created_at",
          "updated_at",
        ],
        (function* () {
          for (let a = 0; a < accounts; a++) {
            const shape = accountShape(a, accounts, users);
            const country = a % COUNTRIES.length;
            const creatorNames = userNames(shape.creator);
            const created = iso(now - ((a * 104729) % 900) * DAY - DAY);
            let billing: (string | null)[] = [null, "", "", null, null, null, null, null];
            if (shape.billingContact === "manager") {
              const other = shape.managers[1]!;
              const names = userNames(other);
              billing = [uuidOf(KIND.user, other), names.first, names.last, null, null, null, null, null];
            } else if (shape.billingContact === "custom") {
              billing = [
                null,
                "Accounts",
                "Payable",
                `ap${a}@billing${a % 997}.example.com`,
                `${(a % 400) + 1} Ledger Street`,
                "Springfield",
                String(10000 + (a % 89999)),
                COUNTRIES[(a + 3) % COUNTRIES.length]!,
              ];
            }
            yield line([
              uuidOf(KIND.account, a),
              `BA-${String(a + 1).padStart(6, "0")}`,
              `Company ${a} ${["GmbH", "Inc.", "SAS", "Ltd", "B.V."][a % 5]}`,
              a % 3 === 0 ? `VAT${100000000 + a}` : null,
              `${(a % 250) + 1} Main Street`,
              ["Berlin", "Austin", "Lyon", "Leeds", "Utrecht", "Osaka", "Recife", "Pune", "Ottawa", "Perth"][country],
              String(10000 + (a % 89999)),
              COUNTRIES[country],
              CURRENCIES[country],
              shape.reseller ? "reseller" : "direct",
              shape.reseller ? `Reseller ${a % 40}` : null,
              uuidOf(KIND.user, shape.creator),
              uuidOf(KIND.user, shape.creator),
              creatorNames.first,
              creatorNames.last,
              shape.billingContact,
              ...billing,
              created,
              created,
            ]);
          }
        })(),
        progress,
      );

      // Invitations: one accepted per invited manager, plus pending (to new addresses or existing
      // users; some past their expiry) and some revoked. Ids: account * 16 + slot.
      await copyRows(
        client,
        "billing_account_invitations",
        [
          "id",
          "billing_account_id",
          "email",
          "email_key",
          "token_hash",
          "invited_by_user_id",
          "state",
          "expires_at",
          "accepted_by_user_id",
          "resolved_at",
          "created_at",
          "updated_at",
        ],
        (function* () {
          for (let a = 0; a < accounts; a++) {
            const shape = accountShape(a, accounts, users);
            const accountId = uuidOf(KIND.account, a);
            const inviter = uuidOf(KIND.user, shape.creator);
            let slot = 0;
            const row = (
              email: string,
              state: string,
              createdMs: number,
              acceptedBy: string | null,
              resolvedMs: number | null,
            ) =>
              line([
                uuidOf(KIND.invitation, a * 16 + slot++),
                accountId,
                email,
                email.toLowerCase(),
                hashCookie(`inv-${salt}-${a}-${slot}`),
                inviter,
                state,
                iso(createdMs + 7 * DAY),
                acceptedBy,
                resolvedMs === null ? null : iso(resolvedMs),
                iso(createdMs),
                iso(resolvedMs ?? createdMs),
              ]);
            for (const m of shape.managers.slice(1)) {
              const createdMs = now - 60 * DAY;
              yield row(userEmail(m), "accepted", createdMs, uuidOf(KIND.user, m), createdMs + DAY);
            }
            for (const [i, p] of shape.pending.entries()) {
              const createdMs = p.expired ? now - 10 * DAY : now - (i + 1) * 60 * 60 * 1000;
              const email =
                p.invitee === null ? `invitee${a}.${i}@newcomer${a % 991}.example.org` : userEmail(p.invitee);
              yield row(email, "pending", createdMs, null, null);
            }
            if (shape.revoked) {
              const createdMs = now - 30 * DAY;
              yield row(`revoked${a}@former${a % 97}.example.org`, "revoked", createdMs, null, createdMs + 2 * DAY);
            }
          }
        })(),
        progress,
      );

      await copyRows(
        client,
        "billing_account_managers",
        ["billing_account_id", "user_id", "source", "invitation_id", "added_at"],
        (function* () {
          for (let a = 0; a < accounts; a++) {
            const shape = accountShape(a, accounts, users);
            const accountId = uuidOf(KIND.account, a);
            yield line([accountId, uuidOf(KIND.user, shape.creator), "created", null, iso(now - 100 * DAY)]);
            for (const [slot, m] of shape.managers.slice(1).entries()) {
              yield line([
                accountId,
                uuidOf(KIND.user, m),
                "invitation",
                uuidOf(KIND.invitation, a * 16 + slot),
                iso(now - 59 * DAY),
              ]);
            }
          }
        })(),
        progress,
      );
    }

    // Audit events: sign-ins per user, and per account its creation, managers and invitations.
    await copyRows(
      client,
      "events",
      [
        "occurred_at",
        "actor_type",
        "actor_id",
        "action",
        "subject_type",
        "subject_id",
        "billing_account_id",
        "summary",
        "request_id",
        "ip",
      ],
      (function* () {
        for (let i = 0; i < users; i++) {
          const userId = uuidOf(KIND.user, i);
          yield line([
            iso(now - (i % 30) * DAY),
            "user",
            userId,
            "auth.signed_in",
            "user",
            userId,
            null,
            '{"method":"link"}',
            null,
            "10.0.0.1",
          ]);
        }
        if (!withAccounts) return;
        for (let a = 0; a < accounts; a++) {
          const shape = accountShape(a, accounts, users);
          const accountId = uuidOf(KIND.account, a);
          const creator = uuidOf(KIND.user, shape.creator);
          const at = iso(now - 100 * DAY);
          yield line([
            at,
            "user",
            creator,
            "billing_account.created",
            "billing_account",
            accountId,
            accountId,
            "{}",
            null,
            null,
          ]);
          for (const m of shape.managers.slice(1)) {
            const userId = uuidOf(KIND.user, m);
            yield line([at, "user", creator, "invitation.created", "invitation", null, accountId, "{}", null, null]);
            yield line([
              at,
              "user",
              userId,
              "manager.added",
              "user",
              userId,
              accountId,
              '{"source":"invitation"}',
              null,
              null,
            ]);
          }
          for (const _ of shape.pending) {
            yield line([at, "user", creator, "invitation.created", "invitation", null, accountId, "{}", null, null]);
          }
        }
      })(),
      progress,
    );
    progress.finish("done");
    if (!options.quiet) process.stderr.write(`seed: rebuilding ${indexes.rows.length} indexes…\n`);
    for (const index of indexes.rows) await client.query(index.def);

    await client.query("reset session_replication_role");
    if (withAccounts) {
      await client.query("select setval('billing_account_number_seq', $1)", [accounts]);
    }
    const withMoney = withAccounts && (await hasMoneyTables(client));
    if (withMoney) {
      if (!options.quiet) process.stderr.write("seed: cards, subscriptions and invoices…\n");
      const money = await seedMoney(client);
      progress.add(money.rows, "money");
    }
    if (!options.quiet) process.stderr.write("seed: vacuum analyze…\n");
    await client.query("vacuum analyze");

    const info: SeedInfo = {
      accounts,
      users,
      salt,
      seededAt: new Date(now).toISOString(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      rows: progress.rows,
      withAccounts,
      withMoney,
    };
    await client.query("create table if not exists bench_seed (info jsonb not null)");
    await client.query("insert into bench_seed (info) values ($1)", [JSON.stringify(info)]);
    return info;
  } finally {
    await client.end();
  }
}

/** The seed record of a benchmark database, or null when it was never (completely) seeded. */
export async function readSeedInfo(databaseUrl: string): Promise<SeedInfo | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from information_schema.tables where table_name = 'bench_seed'");
    if (exists.rowCount === 0) return null;
    const result = await client.query<{ info: SeedInfo }>("select info from bench_seed limit 1");
    return result.rows[0]?.info ?? null;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const accounts = Number(get("--accounts") ?? 10000);
  const databaseUrl = get("--database-url") ?? process.env.DATABASE_URL;
  if (!databaseUrl || !Number.isInteger(accounts) || accounts < 1) {
    process.stderr.write("Usage: tsx bench/seed.ts --accounts N --database-url postgres://… (an empty database)\n");
    process.exit(2);
  }
  const info = await seedDatabase({ databaseUrl, accounts });
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
