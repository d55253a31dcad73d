// Frozen once written: add a new dated file instead of editing this one.
// I1 (issue 12 item 10): email keys now hold the domain in its ASCII (IDNA) form, so the Unicode
// and punycode spellings of one domain are one address. Keys stored before kept the Unicode form;
// a lookup with the new key would miss them and sign-up would make a second profile. This rekeys
// every stored key whose domain is not ASCII. Where the mailbox already has a row under the new
// key (two profiles for one mailbox, or two pending invitations to it from one account: the very
// duplicates this fixes), the older spelling is left as it is rather than merged by guesswork.
import { domainToASCII } from "node:url";
import { type Kysely, sql } from "kysely";

/** The key rule as of this migration (src/shared/email.ts emailKey), kept here so it stays fixed. */
function asciiDomainKey(key: string): string {
  const at = key.lastIndexOf("@");
  if (at < 0) return key;
  const ascii = domainToASCII(key.slice(at + 1));
  return ascii === "" ? key : `${key.slice(0, at)}@${ascii}`;
}

type Row = { id: string; key: string };

async function nonAsciiKeys(db: Kysely<unknown>, table: string, column: string): Promise<Row[]> {
  const rows = await sql<Row>`
    select id::text as id, ${sql.ref(column)} as key from ${sql.table(table)}
    where ${sql.ref(column)} is not null and octet_length(${sql.ref(column)}) <> char_length(${sql.ref(column)})`.execute(
    db,
  );
  return rows.rows.filter((row) => asciiDomainKey(row.key) !== row.key);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const row of await nonAsciiKeys(db, "users", "email_key")) {
    await sql`
      update users set email_key = ${asciiDomainKey(row.key)}
      where id = ${row.id}::uuid and not exists (select 1 from users other where other.email_key = ${asciiDomainKey(row.key)})`.execute(
      db,
    );
  }
  for (const row of await nonAsciiKeys(db, "users", "pending_email_key")) {
    await sql`update users set pending_email_key = ${asciiDomainKey(row.key)} where id = ${row.id}::uuid`.execute(db);
  }
  for (const row of await nonAsciiKeys(db, "one_time_tokens", "email_key")) {
    await sql`update one_time_tokens set email_key = ${asciiDomainKey(row.key)} where id = ${row.id}::uuid`.execute(db);
  }
  for (const row of await nonAsciiKeys(db, "billing_account_invitations", "email_key")) {
    await sql`
      update billing_account_invitations i set email_key = ${asciiDomainKey(row.key)}
      where i.id = ${row.id}::uuid and not (i.state = 'pending' and exists (
        select 1 from billing_account_invitations other
        where other.billing_account_id = i.billing_account_id and other.state = 'pending'
          and other.email_key = ${asciiDomainKey(row.key)}))`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
