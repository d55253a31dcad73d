// Frozen once written: add a new dated file instead of editing this one.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null check (char_length(email) <= 254),
      -- I1: uniqueness is on the normalised key (trimmed, NFC, lower-case); email keeps its case.
      email_key text not null unique check (char_length(email_key) <= 254),
      first_name text not null default '' check (char_length(first_name) <= 100),
      last_name text not null default '' check (char_length(last_name) <= 100),
      email_confirmed_at timestamptz,
      pending_email text,
      pending_email_key text,
      login_activated boolean not null default true,
      staff_role text check (staff_role in ('support', 'admin')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index users_pending_email_key_idx on users (pending_email_key) where pending_email_key is not null`.execute(
    db,
  );

  // I3: only the SHA-256 of a token is stored; a token redeems once (used_at set atomically).
  await sql`
    create table one_time_tokens (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      purpose text not null check (purpose in ('sign_in', 'email_confirm')),
      user_id uuid references users (id) on delete cascade,
      email text not null,
      email_key text not null,
      return_to text,
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index one_time_tokens_user_idx on one_time_tokens (user_id) where used_at is null and revoked_at is null`.execute(
    db,
  );
  await sql`create index one_time_tokens_email_key_idx on one_time_tokens (email_key) where used_at is null and revoked_at is null`.execute(
    db,
  );

  // I5: the cookie holds a random id; only its hash is stored.
  await sql`
    create table sessions (
      id uuid primary key default gen_random_uuid(),
      id_hash text not null unique,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id) where revoked_at is null`.execute(db);

  // AU1: append-only audit log.
  await sql`
    create table events (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('user', 'staff', 'system', 'anonymous')),
      actor_id uuid,
      action text not null,
      subject_type text not null,
      subject_id text,
      billing_account_id uuid,
      summary jsonb not null default '{}'::jsonb,
      request_id text,
      ip text
    )`.execute(db);
  await sql`create index events_account_idx on events (billing_account_id, id desc) where billing_account_id is not null`.execute(
    db,
  );
  await sql`create index events_actor_idx on events (actor_id, id desc)`.execute(db);
  await sql`
    create function events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'events are append-only (AU1)' using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger events_append_only before update or delete on events
    for each row execute function events_refuse_change()`.execute(db);
  await sql`
    create trigger events_no_truncate before truncate on events
    for each statement execute function events_refuse_change()`.execute(db);

  // Development mailbox: where mail goes when SMTP_URL is unset.
  await sql`
    create table dev_mailbox (
      id uuid primary key default gen_random_uuid(),
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
