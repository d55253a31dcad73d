// Frozen once written: add a new dated file instead of editing this one.
// The only query that looks up invitations by inviter (a removed manager's pending invitations,
// A7) also names the account, so the account's pending-invitations index serves it; this index
// was one more write on every invitation sent, renewed or resolved
// (docs/decisions/006-less-work-per-write.md).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists billing_account_invitations_inviter_pending_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
