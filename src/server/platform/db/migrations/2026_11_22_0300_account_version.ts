// Frozen once written: add a new dated file instead of editing this one.
// Optimistic changes of a billing account (docs/decisions/005-account-changes-in-one-write.md):
// every change of an account's managers, invitations or contacts moves its version by one, in the
// same statement as the change, and only if the version is still the one the change was decided
// on. A change that lost the race fails as a whole with serialization_failure and is decided again.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table billing_accounts add column version integer not null default 0`.execute(db);

  // Called by the last step of a guarded change with the number of account rows its version
  // check moved: none means another change came first, and the whole statement must not happen.
  await sql`
    create function billfold_require_unchanged(moved bigint) returns integer
    language plpgsql volatile as $$
    begin
      if moved = 0 then
        raise exception 'the billing account changed while this change was being decided'
          using errcode = '40001';
      end if;
      return 1;
    end
    $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
