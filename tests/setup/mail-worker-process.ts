// A mail worker alone in its own process, for the crash test (tests/integration/platform/
// mail-crash.test.ts), which kills it with SIGKILL while it delivers: nothing gets to finish.
// Usage: node --import tsx tests/setup/mail-worker-process.ts <database-url> <smtp-url> <queue> <expire-s>
import { openDatabase } from "../../src/server/platform/db/client.js";
import { startJobQueue } from "../../src/server/platform/jobs/queue.js";
import { createLogger } from "../../src/server/platform/logger.js";
import { startMailWorker } from "../../src/server/platform/mail/outbox.js";
import { createMailTransport } from "../../src/server/platform/mail/transport.js";

const [databaseUrl, smtpUrl, name, expireInSeconds] = process.argv.slice(2);
if (!databaseUrl || !smtpUrl || !name || !expireInSeconds)
  throw new Error("usage: <database-url> <smtp-url> <queue> <expire-s>");
const database = await openDatabase({ databaseUrl, poolSize: 2 });
const logger = createLogger("silent");
const queue = { name, retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: Number(expireInSeconds) };
const jobs = await startJobQueue(database, logger, [queue], { pollingIntervalSeconds: 0.5 });
const transport = createMailTransport({
  smtpUrl,
  from: "Billfold <test@localhost>",
  db: database.db,
  logger,
  printLinks: false,
});
await startMailWorker(jobs, transport, logger, queue);
process.stdout.write("worker started\n");
