// One Kysely instance over either a real PostgreSQL (pg pool) or embedded PGlite: one SQL dialect,
// one set of migrations. PGlite is a single connection; its dialect queues callers, so a
// transaction holds it exclusively.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  /** Present for PGlite: needed to run multi-statement SQL (pg-boss's schema) through exec. */
  pglite: PGlite | null;
  connectionString: string | null;
  close(): Promise<void>;
};

// Return timestamps as Date and bigint ids as strings on both backends, and calendar dates
// (subscription terms) as "YYYY-MM-DD" text: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
const PGLITE_DATE_OID = 1082;

/**
 * Every parameterised statement runs as a named prepared statement (named by a hash of its text),
 * so each pooled connection parses and plans a query once and then only binds and executes it.
 * The statements are the code's own (parameters are never part of the text), so the set is small;
 * past MAX_NAMED distinct texts the rest run unnamed. See docs/decisions/003-performance.md.
 */
const MAX_NAMED = 2000;

function namedStatements(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `bf_${createHash("sha1").update(text).digest("base64url")}`;
      names.set(text, name);
    }
    return name;
  };
  const wrappers = new WeakMap<pg.PoolClient, unknown>();
  const wrap = (client: pg.PoolClient) => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      wrapper = {
        query(first: unknown, values?: unknown[]) {
          if (typeof first === "string" && values && values.length > 0) {
            const name = nameOf(first);
            if (name) return client.query({ name, text: first, values });
          }
          return (client.query as (a: unknown, b?: unknown) => unknown)(first, values);
        },
        release: (error?: Error | boolean) => client.release(error),
      };
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  } as unknown as pg.Pool;
}

export type OpenDatabaseOptions =
  | { databaseUrl: string; poolSize?: number }
  | { dataDir: string | null; loadDataDir?: Blob | File };

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if ("databaseUrl" in options) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection must not crash the process.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatements(pool) }) });
    return {
      db,
      kind: "postgres",
      pglite: null,
      connectionString: options.databaseUrl,
      close: () => db.destroy(),
    };
  }
  let dataDir: string | undefined;
  let lock: DataDirLock | null = null;
  if (options.dataDir) {
    // Before PGlite reads the directory: a second process must not work on a copy (issue 13).
    lock = lockDataDir(options.dataDir);
    dataDir = path.join(options.dataDir, "pglite");
    fs.mkdirSync(dataDir, { recursive: true });
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [PGLITE_DATE_OID]: (v: string) => v },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "pglite",
    pglite,
    connectionString: null,
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}
