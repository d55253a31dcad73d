import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import { deferInsert } from "../../platform/db/deferred-writes.js";
import type { Tx } from "../../platform/db/transaction.js";
import type { AuditEvent, RequestMeta } from "./audit.types.js";

/** AU1: in a transaction, the event goes out with the transaction's other deferred writes. */
export function insertEvent(tx: Tx | Db, meta: RequestMeta, event: AuditEvent): Promise<void> {
  return deferInsert(tx, "events", {
    actor_type: meta.actor.type,
    actor_id: meta.actor.id,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId ?? null,
    billing_account_id: event.billingAccountId ?? null,
    summary: JSON.stringify(event.summary ?? {}),
    request_id: meta.requestId,
    ip: meta.ip,
  });
}

export function listEventsForAccount(
  db: Db,
  billingAccountId: string,
  options: { beforeId: string | null; limit: number },
) {
  let query = db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_id")
    .select([
      "events.id",
      "events.occurred_at",
      "events.actor_type",
      "events.actor_id",
      // As they were when the event happened; older events (before the snapshot) fall back to today's.
      "events.actor_name",
      sql<string | null>`coalesce(events.actor_email, users.email)`.as("actor_email"),
      "events.action",
      "events.subject_type",
      "events.subject_id",
      "events.summary",
    ])
    .where("events.billing_account_id", "=", billingAccountId)
    .orderBy("events.id", "desc")
    .limit(options.limit);
  if (options.beforeId) query = query.where("events.id", "<", options.beforeId);
  return query.execute();
}
