// Postgres-backed job queue (pg-boss) that runs on PostgreSQL and on PGlite, and enqueues inside
// the caller's transaction (E1): a rolled-back change enqueues nothing, a committed one is never
// lost. See docs/decisions/002-job-queue-pg-boss.md.
import { CompiledQuery } from "kysely";
import PgBoss from "pg-boss";
import type { DatabaseHandle, Db } from "../db/client.js";
import { deferWrite } from "../db/deferred-writes.js";
import type { Logger } from "../logger.js";

export type JobMeta = {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** A failure now moves the job to the dead-letter queue instead of a retry. */
  lastAttempt: boolean;
};
export type JobHandler<T> = (data: T, meta: JobMeta) => Promise<void>;

/**
 * Jobs a worker takes per fetch, run concurrently. pg-boss waits a polling interval after every
 * fetch, so one job per fetch would cap a worker at one delivery per interval. And pg-boss's fetch
 * sorts every waiting job to pick the first ones: with 12,000 mails queued it takes 15 ms whether
 * it takes 10 or 50 (docs/decisions/008), so a bigger batch costs the database less per mail.
 */
export const JOB_BATCH_SIZE = 50;
/** How long stop() waits for deliveries under way. */
const STOP_TIMEOUT_MS = 5000;

export type QueueDefinition = {
  name: string;
  /** Attempts after the first; then the job moves to `<name>-dead`, kept and visible. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** An active job not finished by then (its worker died) is retried by another worker. */
  expireInSeconds: number;
  /** How often an idle worker looks for jobs; the queue's own, else startJobQueue's. */
  pollingIntervalSeconds?: number;
};

export type JobQueue = {
  /** Enqueue inside `tx` (deferred to its end): the job exists only if the transaction commits. */
  enqueue<T extends object>(tx: Db, queue: QueueDefinition, data: T): Promise<void>;
  work<T>(queue: QueueDefinition, handler: JobHandler<T>): Promise<void>;
  stop(): Promise<void>;
  boss: PgBoss;
};

/**
 * pg-boss's own insert for one job, as a statement to run later: `send` hands its SQL to the `db`
 * given, and this one keeps it instead of running it. It then goes out with the transaction's
 * other deferred writes (platform/db/deferred-writes.ts).
 */
async function jobInsert(boss: PgBoss, queue: string, data: object): Promise<CompiledQuery> {
  let insert: CompiledQuery | undefined;
  const keep: PgBoss.Db = {
    executeSql: async (text, values) => {
      if (insert) throw new Error("pg-boss sent a second statement for one job");
      insert = CompiledQuery.raw(text, values ?? []);
      return { rows: [] };
    },
  };
  await boss.send(queue, data, { db: keep });
  if (!insert) throw new Error("pg-boss sent no statement for the job");
  return insert;
}

/**
 * Marks jobs completed as they finish, one statement for all that finished meanwhile: a job that
 * finishes while a completion is under way goes into the next one. No job waits for a timer, so
 * the window between a delivery and its record is at most two statements long, and a worker with five
 * deliveries under way writes fewer completions than it delivers mails.
 */
function completions(boss: PgBoss, queue: string): (id: string) => Promise<void> {
  type Waiting = { id: string; done: () => void; failed: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let writing = false;
  const write = async () => {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        await boss.complete(
          queue,
          group.map((w) => w.id),
        );
        for (const w of group) w.done();
      } catch (error) {
        for (const w of group) w.failed(error);
      }
    }
    // Cleared with no await since the last look at `waiting`: no job can slip in between.
    writing = false;
  };
  return (id) =>
    new Promise<void>((done, failed) => {
      waiting.push({ id, done, failed });
      if (!writing) void write();
    });
}

/** pg-boss's own statements through the shared handle; PGlite needs exec for multi-statement SQL. */
function handleAdapter(handle: DatabaseHandle): PgBoss.Db {
  const { pglite } = handle;
  return {
    executeSql: (text, values) =>
      handle.db.connection().execute(async (connection) => {
        if (pglite && (!values || values.length === 0)) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const result = await connection.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: result.rows as unknown[] };
      }),
  };
}

/**
 * Two instances starting at the same moment both create the queues, and PostgreSQL can pick one of
 * the two `pgboss.create_queue` calls as a deadlock victim (seen in `npm run bench -- --instances 2`).
 * Creating a queue that exists is a no-op, so the loser simply tries again.
 */
async function createQueueRetrying(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || (code !== "40P01" && code !== "23505")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
    }
  }
}

export async function startJobQueue(
  handle: DatabaseHandle,
  logger: Logger,
  queues: QueueDefinition[],
  options: { pollingIntervalSeconds?: number; maintenanceIntervalSeconds?: number } = {},
): Promise<JobQueue> {
  const boss = new PgBoss({
    ...(handle.kind === "postgres" && handle.connectionString
      ? { connectionString: handle.connectionString, max: 4 }
      : { db: handleAdapter(handle) }),
    schedule: false,
    // Completed mail jobs hold rendered links: archive and delete them soon after delivery.
    archiveCompletedAfterSeconds: 60,
    deleteAfterDays: 7,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  boss.on("error", (error: Error) => logger.error({ err: error.message }, "job queue error"));
  await boss.start();
  for (const queue of queues) {
    const dead = `${queue.name}-dead`;
    await createQueueRetrying(boss, dead, { name: dead, retentionDays: 365 });
    await createQueueRetrying(boss, queue.name, {
      name: queue.name,
      retryLimit: queue.retryLimit,
      retryDelay: queue.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: queue.expireInSeconds,
      deadLetter: dead,
    });
  }
  const polling = options.pollingIntervalSeconds ?? 1;
  const inFlight = new Set<Promise<void>>();
  return {
    boss,
    async enqueue(tx, queue, data) {
      await deferWrite(tx, await jobInsert(boss, queue.name, data));
    },
    async work(queue, handler) {
      let workerId: string | undefined;
      const complete = completions(boss, queue.name);
      // Each job is marked done the moment its handler succeeds (for a mail: the moment the SMTP
      // server accepted it), not when the whole batch is: a worker that dies mid-batch leaves
      // only the jobs still under way to be retried, not the ones already delivered (issue 12).
      // A failed job is marked failed on its own (retry, then the dead-letter queue).
      const runJob = async (job: PgBoss.JobWithMetadata<unknown>) => {
        const meta: JobMeta = {
          id: job.id,
          attempt: job.retryCount + 1,
          lastAttempt: job.retryCount >= job.retryLimit,
        };
        try {
          await handler(job.data as never, meta);
        } catch (error) {
          await boss.fail(queue.name, job.id, { message: String((error as Error)?.message ?? error) });
          return;
        }
        await complete(job.id);
      };
      const runBatch = async (jobs: PgBoss.JobWithMetadata<unknown>[]) => {
        // pg-boss then completes the batch as a whole: a no-op for jobs no longer active.
        await Promise.allSettled(jobs.map(runJob));
        // A full batch means a backlog: fetch again at once instead of after the polling
        // interval. Otherwise a worker drains at most JOB_BATCH_SIZE jobs per interval.
        if (jobs.length === JOB_BATCH_SIZE && workerId) boss.notifyWorker(workerId);
      };
      // Tracked so that stop() returns only once every batch has recorded its outcome: pg-boss
      // stops waiting for a batch after its expiry, and a delivery that ends later would
      // otherwise write to a database that is already closed.
      const tracked = (jobs: PgBoss.JobWithMetadata<unknown>[]) => {
        const batch = runBatch(jobs);
        inFlight.add(batch);
        void batch.then(
          () => inFlight.delete(batch),
          () => inFlight.delete(batch),
        );
        return batch;
      };
      workerId = await boss.work(
        queue.name,
        {
          pollingIntervalSeconds: queue.pollingIntervalSeconds ?? polling,
          batchSize: JOB_BATCH_SIZE,
          includeMetadata: true,
        },
        tracked,
      );
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
      const settled = Promise.allSettled([...inFlight]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())]);
    },
  };
}
