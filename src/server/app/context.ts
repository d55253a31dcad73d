// Everything a request handler or job needs, built once per process.

import type { Config } from "../platform/config.js";
import type { DatabaseHandle, Db } from "../platform/db/client.js";
import type { JobQueue } from "../platform/jobs/queue.js";
import type { LicenseKeys } from "../platform/licensing/license.js";
import type { Logger } from "../platform/logger.js";
import type { Outbox } from "../platform/mail/outbox.js";
import type { BillingServices } from "../platform/payments/services.js";
import type { RateLimiter } from "../platform/rate-limit.js";

export type AppContext = {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  db: Db;
  jobs: JobQueue;
  outbox: Outbox;
  limiter: RateLimiter;
  /** The card gateway, plan catalog and seller (money routes). */
  billing: BillingServices;
  /** S3: the keys license files are signed with, and every key a license may name. */
  licenseKeys: LicenseKeys;
};
