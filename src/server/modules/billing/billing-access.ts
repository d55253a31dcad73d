// A2, B3, R1: who may see and change an account's money. Its managers (staff read-only), and only
// on direct accounts: a reseller invoices its customers itself, so on reseller accounts every
// money route answers 403 reseller_read_only, reads included (R1: no cards or invoices here).

import { ERROR_CODES } from "../../../shared/errors.js";
import type { Tx } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import { getAccountAccessOrThrow, lockAccountAsManagerOrThrow, type Viewer } from "../accounts/index.js";
import type { BillingDeps } from "./billing.deps.js";

export const resellerReadOnly = (resellerName: string | null) =>
  new AppError(
    "forbidden",
    ERROR_CODES.resellerReadOnly,
    `Purchased through ${resellerName ?? "a reseller"}: contact them to change this subscription, its payment or its invoices.`,
    { resellerName },
  );

type AccountLike = { channel: "direct" | "reseller"; reseller_name: string | null };

export function assertDirect(account: AccountLike): void {
  if (account.channel !== "direct") throw resellerReadOnly(account.reseller_name);
}

/** The account if the viewer may use its money pages (404 / 403 otherwise). */
export async function readMoneyAccountFor(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  accountId: string,
  mode: "read" | "write",
) {
  const { account, access } = await getAccountAccessOrThrow(deps, viewer, accountId, mode);
  assertDirect(account);
  return { account, access };
}

/** In a change's transaction: the account row locked, the actor still a manager, the account direct. */
export async function lockMoneyAccount(tx: Tx, accountId: string, viewerId: string) {
  const account = await lockAccountAsManagerOrThrow(tx, accountId, viewerId);
  assertDirect(account);
  return account;
}
