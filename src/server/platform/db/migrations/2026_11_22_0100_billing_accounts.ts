// Frozen once written: add a new dated file instead of editing this one.
// Billing accounts, their managers, invitations and contacts (rules A1–A10).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A1: human-readable account numbers, BA-000001 onwards (more digits past 999999, never truncated).
  await sql`create sequence billing_account_number_seq`.execute(db);
  await sql`
    create function next_billing_account_number() returns text language plpgsql as $$
    declare
      n bigint := nextval('billing_account_number_seq');
    begin
      return 'BA-' || lpad(n::text, greatest(6, length(n::text)), '0');
    end
    $$`.execute(db);

  await sql`
    create table billing_accounts (
      id uuid primary key default gen_random_uuid(),
      account_number text not null unique default next_billing_account_number()
        check (account_number ~ '^BA-[0-9]{6,}$'),
      company_name text not null check (char_length(company_name) between 1 and 200),
      tax_id text check (char_length(tax_id) <= 50),
      address_line1 text not null check (char_length(address_line1) between 1 and 200),
      address_line2 text check (char_length(address_line2) <= 200),
      address_city text not null check (char_length(address_city) between 1 and 100),
      address_region text check (char_length(address_region) <= 100),
      address_postal_code text not null check (char_length(address_postal_code) between 1 and 20),
      address_country text not null check (address_country ~ '^[A-Z]{2}$'),
      currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
      channel text not null default 'direct' check (channel in ('direct', 'reseller')),
      reseller_name text check (char_length(reseller_name) <= 200),
      created_by_user_id uuid references users (id) on delete set null,

      -- A8: the subscription contact is a manager (composite FK added below, once the managers
      -- table exists). Null only when staff removed them (A9 warning); customers cannot.
      subscription_contact_user_id uuid,
      subscription_contact_first_name text not null default '' check (char_length(subscription_contact_first_name) <= 100),
      subscription_contact_last_name text not null default '' check (char_length(subscription_contact_last_name) <= 100),
      subscription_contact_phone text check (char_length(subscription_contact_phone) <= 40),
      subscription_contact_address_line1 text check (char_length(subscription_contact_address_line1) <= 200),
      subscription_contact_address_line2 text check (char_length(subscription_contact_address_line2) <= 200),
      subscription_contact_address_city text check (char_length(subscription_contact_address_city) <= 100),
      subscription_contact_address_region text check (char_length(subscription_contact_address_region) <= 100),
      subscription_contact_address_postal_code text check (char_length(subscription_contact_address_postal_code) <= 20),
      subscription_contact_address_country text check (subscription_contact_address_country ~ '^[A-Z]{2}$'),

      -- A8: the billing contact is the subscription contact, another manager, or a custom contact.
      billing_contact_type text not null default 'subscription_contact'
        check (billing_contact_type in ('subscription_contact', 'manager', 'custom')),
      billing_contact_user_id uuid,
      billing_contact_first_name text not null default '' check (char_length(billing_contact_first_name) <= 100),
      billing_contact_last_name text not null default '' check (char_length(billing_contact_last_name) <= 100),
      billing_contact_email text check (char_length(billing_contact_email) <= 254),
      billing_contact_phone text check (char_length(billing_contact_phone) <= 40),
      billing_contact_address_line1 text check (char_length(billing_contact_address_line1) <= 200),
      billing_contact_address_line2 text check (char_length(billing_contact_address_line2) <= 200),
      billing_contact_address_city text check (char_length(billing_contact_address_city) <= 100),
      billing_contact_address_region text check (char_length(billing_contact_address_region) <= 100),
      billing_contact_address_postal_code text check (char_length(billing_contact_address_postal_code) <= 20),
      billing_contact_address_country text check (billing_contact_address_country ~ '^[A-Z]{2}$'),

      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),

      constraint billing_accounts_reseller_named check ((channel = 'reseller') = (reseller_name is not null)),
      constraint billing_accounts_billing_contact_shape check (
        case billing_contact_type
          when 'manager' then billing_contact_user_id is not null and billing_contact_email is null
          when 'custom' then billing_contact_user_id is null and billing_contact_email is not null
            and billing_contact_address_line1 is not null
          else billing_contact_user_id is null and billing_contact_email is null
        end
      ),
      constraint billing_accounts_subscription_contact_address_whole check (
        num_nulls(subscription_contact_address_line1, subscription_contact_address_city,
                  subscription_contact_address_postal_code, subscription_contact_address_country) in (0, 4)
      ),
      constraint billing_accounts_billing_contact_address_whole check (
        num_nulls(billing_contact_address_line1, billing_contact_address_city,
                  billing_contact_address_postal_code, billing_contact_address_country) in (0, 4)
      )
    )`.execute(db);

  // A2/A3: who manages which account. All managers have the same rights; one row per (account, user).
  await sql`
    create table billing_account_managers (
      billing_account_id uuid not null references billing_accounts (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      source text not null check (source in ('created', 'invitation', 'staff')),
      invitation_id uuid,
      added_at timestamptz not null default now(),
      primary key (billing_account_id, user_id),
      constraint billing_account_managers_invitation_source check ((source = 'invitation') = (invitation_id is not null))
    )`.execute(db);
  await sql`create index billing_account_managers_user_idx on billing_account_managers (user_id)`.execute(db);

  // A8 in the database: a contact column can only name a current manager of the same account, so a
  // removal racing a contact change cannot leave a contact who is not a manager. NO ACTION: removing
  // a contact's membership fails until the contact is reassigned (A7).
  await sql`
    alter table billing_accounts
      add constraint billing_accounts_subscription_contact_is_manager
        foreign key (id, subscription_contact_user_id)
        references billing_account_managers (billing_account_id, user_id),
      add constraint billing_accounts_billing_contact_is_manager
        foreign key (id, billing_contact_user_id)
        references billing_account_managers (billing_account_id, user_id)`.execute(db);

  // A4–A6: invitations to an email address. Only the SHA-256 of the link's token is stored.
  await sql`
    create table billing_account_invitations (
      id uuid primary key default gen_random_uuid(),
      billing_account_id uuid not null references billing_accounts (id) on delete cascade,
      email text not null check (char_length(email) <= 254),
      email_key text not null check (char_length(email_key) <= 254),
      token_hash text not null unique,
      invited_by_user_id uuid references users (id) on delete set null,
      state text not null default 'pending' check (state in ('pending', 'accepted', 'declined', 'revoked')),
      expires_at timestamptz not null,
      accepted_by_user_id uuid references users (id) on delete set null,
      resolved_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint billing_account_invitations_resolved check ((state = 'pending') = (resolved_at is null))
    )`.execute(db);
  // A4: one pending invitation per address and account; inviting again renews it.
  await sql`
    create unique index billing_account_invitations_one_pending
      on billing_account_invitations (billing_account_id, email_key) where state = 'pending'`.execute(db);
  // GET /invitations (mine) looks up by address.
  await sql`
    create index billing_account_invitations_email_pending_idx
      on billing_account_invitations (email_key) where state = 'pending'`.execute(db);
  await sql`
    create index billing_account_invitations_inviter_pending_idx
      on billing_account_invitations (invited_by_user_id) where state = 'pending'`.execute(db);
  await sql`
    alter table billing_account_managers
      add constraint billing_account_managers_invitation_fk
        foreign key (invitation_id) references billing_account_invitations (id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
