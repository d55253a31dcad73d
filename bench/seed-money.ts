// The money the invoice list, purchase and renewal measurements need, added in SQL to a seeded
// database (a fresh seed, or an older one from before the money tables): every direct account in a
// catalog currency gets a default sandbox card that always succeeds, one subscription and three
// paid invoices (a purchase and two add-ons) numbered from the 'INV' series, whose next value is
// then set past them. Reseller accounts get nothing (R1: their money routes answer 403).
import type pg from "pg";
import { DEFAULT_CATALOG } from "../src/server/modules/billing/catalog.defaults.js";
import { invoiceSnapshotSchema } from "../src/server/modules/billing/invoice-snapshot.js";

/** The plan the seeded subscriptions, the purchase scenario and the renewal run use. */
export const BENCH_PLAN = DEFAULT_CATALOG.plans[0]!;
export const BENCH_CURRENCIES = Object.keys(BENCH_PLAN.seatPrices);
/** The sandbox gateway's token of the card seeded for account row `n` (bench_money_accounts.n). */
const TOKEN_PREFIX = "tok_bench_";
const INVOICES_PER_ACCOUNT = 3;

/** True once the database has the money tables (a seed made before them has nothing to add to). */
export async function hasMoneyTables(client: pg.Client): Promise<boolean> {
  const r = await client.query("select 1 from information_schema.tables where table_name = 'payment_methods'");
  return (r.rowCount ?? 0) > 0;
}

/** Seeds cards, subscriptions and invoices; returns the rows written. Run once per database. */
export async function seedMoney(client: pg.Client): Promise<{ accounts: number; rows: number }> {
  const existing = await client.query("select 1 from payment_methods limit 1");
  if ((existing.rowCount ?? 0) > 0) throw new Error("refusing to seed money: the database already has cards");
  const seller = DEFAULT_CATALOG.seller;
  await client.query("begin");
  try {
    await client.query(
      `create temp table bench_money_accounts on commit drop as
       select a.*, row_number() over (order by a.account_number)::int as n
         from billing_accounts a
        where a.channel = 'direct' and a.currency = any($1::text[])`,
      [BENCH_CURRENCIES],
    );
    const accounts = Number(
      (await client.query<{ n: string }>("select count(*)::text as n from bench_money_accounts")).rows[0]?.n,
    );
    await client.query(
      `insert into sandbox_gateway_cards (token, brand, last4, exp_month, exp_year, behaviour)
       select $1 || n, 'visa', '4242', 8, extract(year from now())::int + 3, 'succeed' from bench_money_accounts`,
      [TOKEN_PREFIX],
    );
    await client.query(
      `insert into payment_methods
         (billing_account_id, gateway, gateway_token, brand, last4, exp_month, exp_year, holder_name, is_default)
       select id, 'sandbox', $1 || n, 'visa', '4242', 8, extract(year from now())::int + 3,
              subscription_contact_first_name || ' ' || subscription_contact_last_name, true
         from bench_money_accounts`,
      [TOKEN_PREFIX],
    );
    // Terms started 0–179 days ago, so none is within the renewal run's 30-day horizon for months:
    // a renewal measurement on this data renews only the subscriptions it made due itself.
    await client.query(
      `insert into subscriptions
         (billing_account_id, plan_id, plan_name, deployment, seats, currency, term_start, term_end, created_at,
          activation_code)
       select id, $1, $2, case when n % 2 = 0 then 'saas' else 'self_managed' end, 5 + n % 20, currency,
              current_date - (n % 180), (current_date - (n % 180)) + interval '1 year',
              (current_date - (n % 180))::timestamptz,
              -- S4: every self-managed subscription has a code (24 of [A-Z0-9]; hex is enough here).
              case when n % 2 = 0 then null else upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 24)) end
         from bench_money_accounts`,
      [BENCH_PLAN.id, BENCH_PLAN.name],
    );
    // Invoice k (0 = the purchase, 1–2 = seat add-ons) of account n: number (n - 1) * 3 + k + 1,
    // written as takeInvoiceNumber writes it (six digits or more: past 999,999 lpad would cut).
    await client.query(
      `with lines as (
         select a.*, s.id as subscription_id, s.subscription_number, s.seats, s.term_start, k,
                (a.n - 1) * $5::int + k + 1 as seq,
                case when k = 0 then s.seats else 1 + k end as quantity,
                ($1::jsonb ->> a.currency)::bigint as unit,
                s.term_start::timestamptz + make_interval(days => k * 20) + interval '10 hours' as issued
           from bench_money_accounts a
           join subscriptions s on s.billing_account_id = a.id
           cross join generate_series(0, $5::int - 1) as k
       )
       insert into invoices
         (invoice_number, series, sequence_value, billing_account_id, subscription_id, kind, currency,
          subtotal_minor, tax_minor, total_minor, snapshot, gateway_charge_id, issued_at)
       select 'INV-' || lpad(seq::text, greatest(6, length(seq::text)), '0'), 'INV', seq, id, subscription_id,
              case when k = 0 then 'purchase' else 'add_on' end, currency,
              quantity * unit, 0, quantity * unit,
              jsonb_build_object(
                'version', 1,
                'number', 'INV-' || lpad(seq::text, greatest(6, length(seq::text)), '0'),
                'issuedAt', to_char(issued at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'currency', currency,
                'seller', $2::jsonb,
                'buyer', jsonb_build_object(
                  'name', company_name,
                  'addressLines', jsonb_build_array(address_line1, address_postal_code || ' ' || address_city, address_country),
                  'taxId', tax_id, 'email', null, 'accountNumber', account_number),
                'billingContact', jsonb_build_object(
                  'name', subscription_contact_first_name || ' ' || subscription_contact_last_name,
                  'email', null, 'addressLines', jsonb_build_array()),
                'subscriptionNumber', subscription_number,
                'lines', jsonb_build_array(jsonb_build_object(
                  'description', $3 || case when k = 0 then ' seats' else ' additional seats' end,
                  'quantity', quantity, 'unitAmountMinor', unit, 'amountMinor', quantity * unit,
                  'prorationNote', null)),
                'subtotalMinor', quantity * unit, 'taxMinor', 0, 'totalMinor', quantity * unit,
                'payment', jsonb_build_object('brand', 'visa', 'last4', '4242', 'chargeId', $4 || seq)),
              $4 || seq, issued
         from lines`,
      [
        JSON.stringify(BENCH_PLAN.seatPrices),
        JSON.stringify(seller),
        BENCH_PLAN.name,
        "ch_bench_",
        INVOICES_PER_ACCOUNT,
      ],
    );
    await client.query(
      "update invoice_number_series set next_value = greatest(next_value, (select coalesce(max(sequence_value), 0) + 1 from invoices where series = 'INV')) where series = 'INV'",
    );
    // The PDF is rendered from the snapshot: one that the schema refuses would fail the invoice
    // pages, so check a sample here rather than in a scenario.
    const sample = await client.query<{ snapshot: unknown }>("select snapshot from invoices limit 1");
    if (sample.rows[0]) invoiceSnapshotSchema.parse(sample.rows[0].snapshot);
    await client.query("commit");
    return { accounts, rows: accounts * (3 + INVOICES_PER_ACCOUNT) };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}
