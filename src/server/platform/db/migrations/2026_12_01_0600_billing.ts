// Frozen once written: add a new dated file instead of editing this one.
// Money (B1–B7, S1): cards, subscriptions, invoices with gapless numbers, idempotency keys, and the
// sandbox payment gateway's own records.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // B1, B2: a card is the gateway's token plus what a person needs to recognise it. Never the
  // number or the CVC. Exactly one default per account while it has any (partial unique index).
  await sql`
    create table payment_methods (
      id uuid primary key default gen_random_uuid(),
      billing_account_id uuid not null references billing_accounts (id) on delete cascade,
      gateway text not null check (gateway in ('sandbox')),
      gateway_token text not null check (char_length(gateway_token) between 1 and 200),
      brand text not null check (char_length(brand) between 1 and 20),
      last4 text not null check (last4 ~ '^[0-9]{4}$'),
      exp_month smallint not null check (exp_month between 1 and 12),
      exp_year smallint not null check (exp_year between 2000 and 2200),
      holder_name text not null check (char_length(holder_name) between 1 and 100),
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      unique (gateway, gateway_token)
    )`.execute(db);
  await sql`create unique index payment_methods_one_default on payment_methods (billing_account_id) where is_default`.execute(
    db,
  );
  await sql`create index payment_methods_account on payment_methods (billing_account_id, created_at)`.execute(db);

  // S1: subscriptions belong to the billing account, never to a user.
  await sql`create sequence subscription_number_seq`.execute(db);
  await sql`
    create table subscriptions (
      id uuid primary key default gen_random_uuid(),
      subscription_number text not null unique
        default ('S-' || lpad(nextval('subscription_number_seq')::text, 8, '0')),
      billing_account_id uuid not null references billing_accounts (id) on delete restrict,
      plan_id text not null check (char_length(plan_id) between 1 and 40),
      plan_name text not null check (char_length(plan_name) between 1 and 60),
      deployment text not null check (deployment in ('saas', 'self_managed')),
      seats integer not null check (seats between 1 and 1000000),
      storage_packs integer not null default 0 check (storage_packs >= 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      term_start date not null,
      term_end date not null,
      status text not null default 'active' check (status in ('active', 'past_due', 'expired', 'cancelled')),
      auto_renew boolean not null default true,
      invoice_owner text not null default 'account' check (invoice_owner in ('account', 'reseller')),
      reseller_name text check (char_length(reseller_name) <= 200),
      -- B7: dunning state of the current renewal, if one failed.
      renewal_failures smallint not null default 0,
      next_renewal_attempt_at timestamptz,
      last_renewal_decline text,
      reminder_30_sent_for date,
      reminder_7_sent_for date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint subscriptions_term check (term_end > term_start),
      constraint subscriptions_reseller_named check ((invoice_owner = 'reseller') = (reseller_name is not null))
    )`.execute(db);
  await sql`create index subscriptions_account on subscriptions (billing_account_id, created_at)`.execute(db);
  await sql`create index subscriptions_due on subscriptions (term_end) where status in ('active', 'past_due') and auto_renew and invoice_owner = 'account'`.execute(
    db,
  );

  // B4: invoice numbers come from a per-series counter taken under its row lock in the same
  // transaction as the invoice: a rolled-back purchase gives its number back, so numbers are
  // gapless; the unique key means never reused.
  await sql`
    create table invoice_number_series (
      series text primary key check (series ~ '^[A-Z0-9-]{1,20}$'),
      next_value bigint not null default 1 check (next_value >= 1)
    )`.execute(db);
  await sql`insert into invoice_number_series (series) values ('INV')`.execute(db);
  await sql`
    create table invoices (
      id uuid primary key default gen_random_uuid(),
      invoice_number text not null unique,
      series text not null references invoice_number_series (series),
      sequence_value bigint not null,
      billing_account_id uuid not null references billing_accounts (id) on delete restrict,
      subscription_id uuid references subscriptions (id) on delete restrict,
      kind text not null check (kind in ('purchase', 'add_on', 'renewal')),
      status text not null default 'paid' check (status in ('paid')),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      subtotal_minor bigint not null check (subtotal_minor >= 0),
      tax_minor bigint not null check (tax_minor >= 0),
      total_minor bigint not null check (total_minor >= 0 and total_minor = subtotal_minor + tax_minor),
      -- B4: what the PDF shows, frozen at finalisation (seller, buyer, billing contact, lines, card).
      snapshot jsonb not null,
      -- One invoice per charge: a retried purchase that reaches the same charge cannot bill it twice.
      gateway_charge_id text not null unique,
      issued_at timestamptz not null default now(),
      unique (series, sequence_value)
    )`.execute(db);
  await sql`create index invoices_account on invoices (billing_account_id, issued_at desc, id desc)`.execute(db);
  // B4: a finalised invoice is immutable, for the application too.
  await sql`
    create function billfold_refuse_invoice_change() returns trigger language plpgsql as $$
    begin
      raise exception 'invoices are immutable' using errcode = '55000';
    end
    $$`.execute(db);
  await sql`
    create trigger invoices_immutable before update or delete on invoices
    for each row execute function billfold_refuse_invoice_change()`.execute(db);

  // B8: extra invoice recipients without portal access.
  await sql`
    create table invoice_recipients (
      billing_account_id uuid not null references billing_accounts (id) on delete cascade,
      email text not null check (char_length(email) between 3 and 254),
      email_key text not null check (char_length(email_key) between 3 and 254),
      kind text not null check (kind in ('to', 'cc')),
      created_at timestamptz not null default now(),
      primary key (billing_account_id, email_key)
    )`.execute(db);

  // B5: the first answer to a money-moving request, by the caller's key. `request_hash` tells a
  // retry (same body) from a reuse (409). A row in progress holds the key while the charge runs.
  await sql`
    create table idempotency_keys (
      user_id uuid not null references users (id) on delete cascade,
      key text not null check (char_length(key) between 1 and 255),
      operation text not null check (char_length(operation) between 1 and 60),
      request_hash text not null,
      state text not null default 'started' check (state in ('started', 'done')),
      response_status smallint,
      response_body jsonb,
      created_at timestamptz not null default now(),
      -- When the request working on it started; a retry takes over a claim abandoned long ago.
      claimed_at timestamptz not null default now(),
      primary key (user_id, key)
    )`.execute(db);
  await sql`create index idempotency_keys_created on idempotency_keys (created_at)`.execute(db);

  // The built-in sandbox gateway's own records, as a card processor would keep them: what a token
  // stands for (its test behaviour, never the number) and every charge by its idempotency key.
  await sql`
    create table sandbox_gateway_cards (
      token text primary key,
      brand text not null,
      last4 text not null,
      exp_month smallint not null,
      exp_year smallint not null,
      behaviour text not null,
      charges smallint not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table sandbox_gateway_charges (
      id text primary key,
      idempotency_key text not null unique,
      token text not null references sandbox_gateway_cards (token),
      amount_minor bigint not null,
      currency text not null,
      outcome text not null check (outcome in ('succeeded', 'declined')),
      decline_code text,
      refunded boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
