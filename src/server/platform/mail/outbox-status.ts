// How the mail queue is doing, for /readyz: a queue that grows, or a waiting mail that gets old,
// means mail is not leaving (issue 12: an unreachable SMTP server went unnoticed).
import { sql } from "kysely";
import type { Db } from "../db/client.js";
import { MAIL_QUEUES } from "./outbox.js";

export type MailQueueStatus = {
  /** Mails waiting for delivery (a first attempt or a retry), not those being delivered now. */
  queued: number;
  /** Age of the oldest waiting mail, null when none waits. */
  oldestQueuedSeconds: number | null;
  /** Mails that exhausted their retries, kept in the dead-letter queues. */
  dead: number;
};

/**
 * One statement over the mail queues' own partitions of pgboss.job (pg-boss 10 partitions by
 * name). `state < 'active'` (created or retry: waiting) is the predicate of pg-boss's own partial
 * index, which also holds `created_on`: the count and the oldest can come from that index.
 */
export async function mailQueueStatus(db: Db): Promise<MailQueueStatus> {
  const live = MAIL_QUEUES.map((q) => q.name);
  const dead = live.map((name) => `${name}-dead`);
  const { rows } = await sql<{ queued: string; oldest: string | null; dead: string }>`
    select
      count(*) filter (where name = any(${live}::text[]))::text as queued,
      extract(epoch from now() - min(created_on) filter (where name = any(${live}::text[])))::text as oldest,
      count(*) filter (where name = any(${dead}::text[]))::text as dead
    from pgboss.job
    where name = any(${[...live, ...dead]}::text[]) and state < 'active'`.execute(db);
  const row = rows[0];
  return {
    queued: Number(row?.queued ?? 0),
    oldestQueuedSeconds: row?.oldest == null ? null : Math.floor(Number(row.oldest)),
    dead: Number(row?.dead ?? 0),
  };
}
