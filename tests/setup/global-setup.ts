// Migrates one template database per run (plus pg-boss's schema), then every test file copies it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { openDatabase } from "../../src/server/platform/db/client.js";
import { migrateToLatest } from "../../src/server/platform/db/migrate.js";
import { startJobQueue } from "../../src/server/platform/jobs/queue.js";
import { createLogger } from "../../src/server/platform/logger.js";
import { MAIL_QUEUES } from "../../src/server/platform/mail/outbox.js";
import { adminUrl, pgliteDumpPath, TEMPLATE_ENV, withAdminClient } from "./template-db.js";

export default async function setup(): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const databaseUrl = process.env.DATABASE_URL;
  const logger = createLogger("silent");
  if (databaseUrl) {
    const name = `bf_template_${runId}`;
    await withAdminClient(databaseUrl, (c) => c.query(`create database ${name}`));
    const handle = await openDatabase({ databaseUrl: adminUrl(databaseUrl, name) });
    await migrateToLatest(handle.db);
    const jobs = await startJobQueue(handle, logger, MAIL_QUEUES);
    await jobs.boss.stop({ graceful: false, wait: true });
    await handle.close();
    process.env[TEMPLATE_ENV] = name;
    return async () => {
      await withAdminClient(databaseUrl, async (c) => {
        await c.query(`drop database if exists ${name} with (force)`);
        // Test files drop their own copies; sweep any that a crashed test file of this run left behind.
        const left = await c.query<{ datname: string }>("select datname from pg_database where datname like $1", [
          `${name}_f%`,
        ]);
        for (const row of left.rows) await c.query(`drop database if exists ${row.datname} with (force)`);
      });
    };
  }
  const handle = await openDatabase({ dataDir: null });
  await migrateToLatest(handle.db);
  const jobs = await startJobQueue(handle, logger, MAIL_QUEUES);
  await jobs.boss.stop({ graceful: false, wait: true });
  const dump = await handle.pglite!.dumpDataDir("gzip");
  const file = pgliteDumpPath(runId);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  process.env[TEMPLATE_ENV] = file;
  return async () => fs.rmSync(file, { force: true });
}
