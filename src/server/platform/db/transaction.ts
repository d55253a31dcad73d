import type { Transaction } from "kysely";
import type { Db } from "./client.js";
import type { Database } from "./schema.js";

export type Tx = Transaction<Database>;

const RETRYABLE = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected

/**
 * Runs `work` in one transaction. With `serializable`, a serialization failure or deadlock is
 * retried a few times with jitter: the caller's invariant then holds without read-then-write races.
 * For tests and tools that write rows directly: a change with an event or a mail goes through
 * `change` (platform/change/), whose scope `recordEvent` and the outbox need.
 */
export async function inTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: { serializable?: boolean; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      const builder = options.serializable ? db.transaction().setIsolationLevel("serializable") : db.transaction();
      return await builder.execute(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Postgres error code of a failed query, if any (e.g. 23505 unique_violation). */
export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { constraint?: string }).constraint : undefined;
}
