// Frozen once written: add a new dated file instead of editing this one.
// I9: GitLab.com (OpenID Connect) identities linked to users, and the short-lived server-side state
// of each sign-in or link attempt.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A user is identified at the provider by (issuer, subject), never by email. One identity links
  // to one user; a user has at most one identity per provider.
  await sql`
    create table user_identities (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      provider text not null check (provider in ('gitlab')),
      issuer text not null check (char_length(issuer) <= 500),
      subject text not null check (char_length(subject) between 1 and 255),
      username text check (char_length(username) <= 255),
      email text check (char_length(email) <= 320),
      linked_at timestamptz not null default now(),
      constraint user_identities_issuer_subject_key unique (issuer, subject),
      constraint user_identities_user_provider_key unique (user_id, provider)
    )`.execute(db);

  // One row per started attempt, keyed by the SHA-256 of a random cookie value; deleted when the
  // callback uses it (single use) and ignored after expires_at. Kept in the database, not in
  // process memory, so the callback may reach any instance.
  await sql`
    create table oidc_login_attempts (
      id uuid primary key default gen_random_uuid(),
      key_hash text not null unique,
      state text not null,
      nonce text not null,
      code_verifier text not null,
      purpose text not null check (purpose in ('sign_in', 'link')),
      return_to text check (char_length(return_to) <= 500),
      user_id uuid references users (id) on delete cascade,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      constraint oidc_login_attempts_link_has_user check ((purpose = 'link') = (user_id is not null))
    )`.execute(db);
  await sql`create index oidc_login_attempts_expires_idx on oidc_login_attempts (expires_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
