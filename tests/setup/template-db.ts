// One migrated template database per test run; each test file gets its own copy of it.
// PostgreSQL (DATABASE_URL set): CREATE DATABASE … TEMPLATE. PGlite: a dump of a migrated data dir.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../../src/server/platform/db/client.js";

export const TEMPLATE_ENV = "BILLFOLD_TEST_TEMPLATE";

export function adminUrl(databaseUrl: string, database = "postgres"): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function pgliteDumpPath(runId: string): string {
  return path.join(os.tmpdir(), `billfold-template-${runId}.tar.gz`);
}

/** A fresh database for one test file: a copy of the migrated template. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error("test template missing: run through vitest (tests/setup/global-setup.ts)");
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const name = `${template}_f${randomBytes(5).toString("hex")}`;
    await withAdminClient(databaseUrl, (c) => c.query(`create database ${name} template ${template}`));
    const handle = await openDatabase({ databaseUrl: adminUrl(databaseUrl, name), poolSize: 12 });
    return {
      ...handle,
      async close() {
        await handle.close();
        await withAdminClient(databaseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
      },
    };
  }
  const dump = fs.readFileSync(template);
  return openDatabase({ dataDir: null, loadDataDir: new Blob([dump]) });
}
