// R2, I6: who is a reseller customer, for the words a deactivated login is told and for creating
// profiles with login deactivated under RESELLER_CUSTOMER_LOGIN=disabled.
import type { Db } from "../../platform/db/client.js";
import { listAccountChannelsOfManager } from "./reseller-customers.repository.js";

/**
 * The resellers of a user whose billing accounts are all reseller accounts, sorted; empty for
 * anyone else (a direct account among them, or no account at all). Identity takes this through
 * its deps (app/routes.ts): it must not import this module.
 */
export async function listResellersOfCustomer(db: Db, userId: string): Promise<string[]> {
  const rows = await listAccountChannelsOfManager(db, userId);
  if (rows.length === 0 || rows.some((row) => row.channel !== "reseller")) return [];
  // A reseller account always names its reseller (billing_accounts_reseller_named).
  return [...new Set(rows.flatMap((row) => (row.reseller_name === null ? [] : [row.reseller_name])))].sort();
}
