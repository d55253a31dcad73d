// A2: who may see and change a billing account.
//
// - Its managers: everything on the account routes.
// - Staff (users.staff_role not null): read-only here (GET routes). Changes by staff belong to
//   the support console (SP4) with a reason and ticket (SP5), so here they answer 403
//   staff_read_only — staff already know the account exists, a 404 would only confuse them.
// - Anyone else, including a removed manager and someone only invited: 404, the same answer as
//   for an account that does not exist, so ids reveal nothing.
import { ERROR_CODES } from "../../../shared/errors.js";
import type { BillingAccountRow } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import type { Access, AccountsDeps, Viewer } from "./accounts.deps.js";
import { findAccountForUser, lockAccount } from "./accounts.repository.js";
import { isManager } from "./managers.repository.js";

export const accountNotFound = () =>
  new AppError("not_found", ERROR_CODES.accountNotFound, "There is no billing account with this id among yours.");

/** A2: the viewer's access, given whether they manage the account; throws 404, or 403 for staff writes. */
export function decideAccess(viewer: Viewer, isManager: boolean, mode: "read" | "write"): Access {
  if (isManager) return "manager";
  if (viewer.staffRole !== null) {
    if (mode === "write") {
      throw new AppError(
        "forbidden",
        ERROR_CODES.staffReadOnly,
        "Staff can view billing accounts here; changes are made from the support console.",
      );
    }
    return "staff";
  }
  throw accountNotFound();
}

/** Reads the account for a viewer (one query); throws 404 (A2) or, for staff asking to write, 403. */
export async function getAccountAccessOrThrow(
  deps: Pick<AccountsDeps, "db">,
  viewer: Viewer,
  accountId: string,
  mode: "read" | "write",
): Promise<{ account: BillingAccountRow; access: Access }> {
  const row = await findAccountForUser(deps.db, accountId, viewer.id);
  if (!row) throw accountNotFound();
  const { is_manager, ...account } = row;
  return { account, access: decideAccess(viewer, Boolean(is_manager), mode) };
}

/**
 * The start of every changing transaction: lock the account row (A3), then check — under the
 * lock — that the actor is still one of its managers (A7: a removal takes effect on the next
 * request, even one already waiting for this lock). Two statements on purpose: a membership
 * subquery in the locking statement would read the snapshot taken before the wait.
 */
export async function lockAccountAsManagerOrThrow(
  tx: Tx,
  accountId: string,
  userId: string,
): Promise<BillingAccountRow> {
  const account = await lockAccount(tx, accountId);
  if (!account || !(await isManager(tx, accountId, userId))) throw accountNotFound();
  return account;
}
