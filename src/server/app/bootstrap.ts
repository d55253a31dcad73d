// Builds the process-wide context: database (migrated), job queue, mail outbox, rate limiter,
// license keys.
import {
  type BillingDeps,
  createBillingServices,
  invoiceAttachment,
  loadCatalog,
  scheduleRenewals,
} from "../modules/billing/index.js";
import { licenseAttachment } from "../modules/licensing/index.js";
import type { Config } from "../platform/config.js";
import { type DatabaseHandle, openDatabase } from "../platform/db/client.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { startJobQueue } from "../platform/jobs/queue.js";
import { loadLicenseKeys } from "../platform/licensing/license-keys.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { createOutbox, MAIL_QUEUE, MAIL_QUEUES, MAIL_URGENT_QUEUE, startMailWorker } from "../platform/mail/outbox.js";
import { createMailTransport, type MailTransport } from "../platform/mail/transport.js";
import { createRateLimiter } from "../platform/rate-limit.js";
import type { AppContext } from "./context.js";

export type Runtime = AppContext & {
  /** Something to stop before the database closes (the worker's timers). */
  onClose(stop: () => void): void;
  transport: MailTransport;
  /** Its own SMTP connections: an urgent mail never queues behind bulk mail in the bulk pool. */
  urgentTransport: MailTransport;
  close(): Promise<void>;
};

export async function createRuntime(
  config: Config,
  options: { logger?: Logger; migrate?: boolean; database?: DatabaseHandle; pollingIntervalSeconds?: number } = {},
): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel, { buffered: config.isProduction });
  // Before the database is opened: a bad PLANS_FILE stops start-up at once, with its problems.
  const catalog = loadCatalog(config.plansFile);
  // So does a bad or unreadable license key (S3).
  const licenseKeys = loadLicenseKeys({
    licensePrivateKey: config.licensePrivateKey,
    dataDir: config.dataDir,
    retiredPublicKeys: config.licensePublicKeys,
  });
  const database =
    options.database ??
    (config.databaseUrl
      ? await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize })
      : await openDatabase({ dataDir: config.dataDir }));
  if (options.migrate !== false) await migrateToLatest(database.db);
  const jobs = await startJobQueue(database, logger, MAIL_QUEUES, {
    ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
  });
  const newTransport = () =>
    createMailTransport({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      db: database.db,
      logger,
      printLinks: !config.isProduction && config.nodeEnv !== "test",
    });
  const transport = newTransport();
  const urgentTransport = newTransport();
  const stoppers: (() => void)[] = [];
  const limiter = createRateLimiter({ redisUrl: config.redisUrl, scale: config.rateLimitScale });
  return {
    config,
    logger,
    database,
    db: database.db,
    jobs,
    outbox: createOutbox(jobs),
    limiter,
    billing: createBillingServices(database.db, catalog, config),
    licenseKeys,
    transport,
    urgentTransport,
    onClose(stop) {
      stoppers.push(stop);
    },
    async close() {
      for (const stop of stoppers) stop();
      await jobs.stop();
      transport.close();
      urgentTransport.close();
      await limiter.close();
      await database.close();
    },
  };
}

/**
 * The worker: delivers queued mail (and, later, other jobs). Runs in-process or as `billfold worker`.
 * Urgent mail has its own fetch loop and SMTP connections, so a backlog of bulk mail never holds it.
 */
export async function startWorkers(runtime: Runtime, options: { renewals?: boolean } = {}): Promise<void> {
  await startMailWorker(runtime.jobs, runtime.urgentTransport, runtime.logger, MAIL_URGENT_QUEUE);
  // Invoice emails carry their PDF (B8), license emails their signed file (S3), made when the mail
  // is delivered.
  await startMailWorker(runtime.jobs, runtime.transport, runtime.logger, MAIL_QUEUE, async (attachment) => {
    if (attachment.kind === "invoice_pdf") return invoiceAttachment(runtime.db, attachment.ref);
    if (attachment.kind === "license_file") return licenseAttachment(runtime, attachment.ref);
    throw new Error(`no producer for attachments of kind ${attachment.kind}`);
  });
  // B7: renewals due today, hourly. Tests drive renewals themselves (runRenewals with a date).
  if (options.renewals !== false && runtime.config.nodeEnv !== "test") {
    const schedule = scheduleRenewals(billingDeps(runtime), runtime.logger);
    runtime.onClose(() => schedule.stop());
  }
}

/** What the money services need, from the process's context. */
export function billingDeps(ctx: AppContext): BillingDeps {
  return { ...ctx, ...ctx.billing };
}
