// AU2: managers see their account's activity; staff see everything.
import { listEventsForAccount } from "../audit/index.js";
import { readAccountFor } from "./access.js";
import type { AccountsDeps, Viewer } from "./accounts.deps.js";

export async function listAccountEvents(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  accountId: string,
  page: { cursor: string | null; limit: number },
) {
  await readAccountFor(deps, viewer, accountId, "read");
  const rows = await listEventsForAccount(deps.db, accountId, { beforeId: page.cursor, limit: page.limit + 1 });
  const events = rows.slice(0, page.limit).map((row) => ({
    id: String(row.id),
    occurredAt: row.occurred_at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id, email: row.actor_email ?? null, name: row.actor_name ?? null },
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    summary: (typeof row.summary === "string" ? JSON.parse(row.summary) : (row.summary ?? {})) as Record<
      string,
      unknown
    >,
  }));
  return { events, nextCursor: rows.length > page.limit ? (events.at(-1)?.id ?? null) : null };
}
