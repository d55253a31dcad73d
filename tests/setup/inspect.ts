// What a test reads back to check a change's side effects: its events (AU1) and queued mail (E1).
import { sql } from "kysely";
import type { Db } from "../../src/server/platform/db/client.js";

/** The actions recorded about `subjectId`, oldest first. */
export async function eventActions(db: Db, subjectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("events")
    .select("action")
    .where("subject_id", "=", subjectId)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.action);
}

/** How many bulk mail jobs are queued (or done) for `to`. */
export async function mailJobsTo(db: Db, to: string): Promise<number> {
  const result = await sql<{
    n: string;
  }>`select count(*)::text as n from pgboss.job where name = 'mail' and data->>'to' = ${to}`.execute(db);
  return Number(result.rows[0]?.n);
}
