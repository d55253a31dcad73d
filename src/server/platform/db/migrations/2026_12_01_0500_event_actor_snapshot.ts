// Frozen once written: add a new dated file instead of editing this one.
// AU2: the activity shows who acted by the name and address they had at the time, not today's.
// A trigger takes the snapshot as the event is inserted, so every path that records an event
// (deferred and precompiled inserts included) gets it without reading the user itself.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events add column actor_name text, add column actor_email text`.execute(db);
  await sql`
    create function events_actor_snapshot() returns trigger language plpgsql as $$
    begin
      if new.actor_id is not null and new.actor_email is null then
        select nullif(trim(first_name || ' ' || last_name), ''), email
          into new.actor_name, new.actor_email
          from users where id = new.actor_id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger events_actor_snapshot before insert on events
    for each row execute function events_actor_snapshot()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
