import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import type { UserRow } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";
import { precompiledFirst } from "../../platform/fast-path/precompiled.js";

type Executor = Db | Tx;

const USER_COLUMNS = [
  "id",
  "email",
  "email_key",
  "first_name",
  "last_name",
  "email_confirmed_at",
  "pending_email",
  "pending_email_key",
  "login_activated",
  "staff_role",
  "created_at",
  "updated_at",
] as const;

export const findUserById: (db: Executor, id: string) => Promise<UserRow | undefined> = precompiledFirst(
  (db: Db, id: string) => db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id),
);

/** The sign-in link request's one read (I2). */
export const findUserByEmailKey: (db: Executor, emailKey: string) => Promise<UserRow | undefined> = precompiledFirst(
  (db: Db, emailKey: string) => db.selectFrom("users").select(USER_COLUMNS).where("email_key", "=", emailKey),
);

/** Creates the user, or returns the existing one when a concurrent request created it first. */
export async function insertUserOrGetExisting(
  tx: Tx,
  values: { email: string; emailKey: string; emailConfirmedAt: Date | null; loginActivated?: boolean },
): Promise<{ user: UserRow; created: boolean }> {
  const inserted = await tx
    .insertInto("users")
    .values({
      email: values.email,
      email_key: values.emailKey,
      email_confirmed_at: values.emailConfirmedAt,
      // R2: a reseller customer's profile may be created with login deactivated (I6).
      login_activated: values.loginActivated ?? true,
    })
    .onConflict((oc) => oc.column("email_key").doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  if (inserted) return { user: inserted, created: true };
  const existing = await tx
    .selectFrom("users")
    .select(USER_COLUMNS)
    .where("email_key", "=", values.emailKey)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { user: existing, created: false };
}

export function updateUser(
  tx: Tx,
  id: string,
  patch: Partial<{
    first_name: string;
    last_name: string;
    email: string;
    email_key: string;
    email_confirmed_at: Date | null;
    pending_email: string | null;
    pending_email_key: string | null;
    login_activated: boolean;
    staff_role: "support" | "admin" | null;
  }>,
): Promise<UserRow | undefined> {
  return tx
    .updateTable("users")
    .set({ ...patch, updated_at: sql`now()` as unknown as Date })
    .where("id", "=", id)
    .returning(USER_COLUMNS)
    .executeTakeFirst();
}

export function lockUser(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.selectFrom("users").select(USER_COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
}
