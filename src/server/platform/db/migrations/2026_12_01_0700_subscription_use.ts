// Frozen once written: add a new dated file instead of editing this one.
// S2, S4: what a subscription is used by. A SaaS subscription links to at most one GitLab.com
// namespace and a namespace to at most one subscription (a column plus a unique index). A
// self-managed subscription has an activation code (unique; every self-managed subscription has
// one) and is bound to at most one instance at a time (columns on its own row, so the binding is
// decided under the subscription's row lock).
import { randomInt } from "node:crypto";
import { type Kysely, sql } from "kysely";

/** The code rule as of this migration (src/shared/licensing.ts), kept here so it stays fixed. */
function activationCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let code = "";
  for (let i = 0; i < 24; i += 1) code += alphabet[randomInt(alphabet.length)];
  return code;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table subscriptions
      add column namespace text,
      add column namespace_linked_at timestamptz,
      add column activation_code text,
      add column activation_instance_id text,
      add column activated_at timestamptz`.execute(db);
  const selfManaged = await sql<{ id: string }>`
    select id::text as id from subscriptions where deployment = 'self_managed'`.execute(db);
  for (const row of selfManaged.rows) {
    await sql`update subscriptions set activation_code = ${activationCode()} where id = ${row.id}::uuid`.execute(db);
  }
  await sql`
    alter table subscriptions
      add constraint subscriptions_namespace_saas check (namespace is null or deployment = 'saas'),
      add constraint subscriptions_namespace_shape check (
        namespace is null or (char_length(namespace) between 1 and 255 and namespace = lower(namespace))),
      add constraint subscriptions_namespace_linked_at check ((namespace is null) = (namespace_linked_at is null)),
      add constraint subscriptions_activation_code check (
        (deployment = 'self_managed') = (activation_code is not null)
        and (activation_code is null or activation_code ~ '^[A-Z0-9]{24}$')),
      add constraint subscriptions_activation_pair check ((activation_instance_id is null) = (activated_at is null)),
      add constraint subscriptions_activation_self_managed check (
        activation_instance_id is null or deployment = 'self_managed')`.execute(db);
  await sql`create unique index subscriptions_namespace_unique on subscriptions (namespace)`.execute(db);
  await sql`create unique index subscriptions_activation_code_unique on subscriptions (activation_code)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index subscriptions_activation_code_unique`.execute(db);
  await sql`drop index subscriptions_namespace_unique`.execute(db);
  await sql`
    alter table subscriptions
      drop constraint subscriptions_activation_self_managed,
      drop constraint subscriptions_activation_pair,
      drop constraint subscriptions_activation_code,
      drop constraint subscriptions_namespace_linked_at,
      drop constraint subscriptions_namespace_shape,
      drop constraint subscriptions_namespace_saas,
      drop column activated_at,
      drop column activation_instance_id,
      drop column activation_code,
      drop column namespace_linked_at,
      drop column namespace`.execute(db);
}
