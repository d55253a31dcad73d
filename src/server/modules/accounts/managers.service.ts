// A3, A7: the managers of a billing account.
import type { Manager } from "../../../shared/accounts.js";
import { pgConstraint, pgErrorCode } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import { asUser, type RequestOrigin, recordEvent } from "../audit/index.js";
import { type SessionKey, sessionRead } from "../identity/index.js";
import { accountNotFound, decideAccess } from "./access.js";
import { changeAccount } from "./account-change.js";
import { type AccountsDeps, LIMITS } from "./accounts.deps.js";
import { managerRemovedMail } from "./accounts.emails.js";
import { displayName } from "./accounts.mapping.js";
import { guardAccountVersion, lockAccount } from "./accounts.repository.js";
import { revokeInvitations } from "./invitations.repository.js";
import { deleteManager, listManagersWithSession, readRemovalContext } from "./managers.repository.js";

export const managerNotFound = () =>
  new AppError("not_found", "manager_not_found", "This person is not a manager of this billing account.");

export const isSubscriptionContactError = () =>
  new AppError(
    "conflict",
    "is_subscription_contact",
    "This manager is the subscription contact. Make another manager the subscription contact first.",
  );

export const isBillingContactError = () =>
  new AppError(
    "conflict",
    "is_billing_contact",
    "This manager is the billing contact. Choose another billing contact first.",
  );

export async function listAccountManagers(
  deps: Pick<AccountsDeps, "db">,
  session: SessionKey | null,
  accountId: string,
): Promise<Manager[]> {
  // One query: the session check (401), access (A2) and the list together (docs/decisions/007).
  const { user: viewer, rows } = await sessionRead(deps.db, session, listManagersWithSession, accountId);
  const account = rows[0];
  if (!account) throw accountNotFound();
  decideAccess(viewer, Boolean(account.is_manager), "read");
  const billingContactId =
    account.billing_contact_type === "manager"
      ? account.billing_contact_user_id
      : account.billing_contact_type === "subscription_contact"
        ? account.subscription_contact_user_id
        : null;
  const managers: Manager[] = [];
  for (const row of rows) {
    if (row.user_id === null || row.added_at === null || row.email === null) continue;
    managers.push({
      userId: row.user_id,
      email: row.email,
      firstName: row.first_name ?? "",
      lastName: row.last_name ?? "",
      addedAt: row.added_at.toISOString(),
      isSubscriptionContact: row.user_id === account.subscription_contact_user_id,
      isBillingContact: row.user_id === billingContactId,
      isYou: row.user_id === viewer.id,
    });
  }
  return managers;
}

/**
 * A7: any manager removes any manager, themselves included (leaving), except
 * - the last one (A3: 409 last_manager — decided on a count the version guard protects, so two
 *   managers removing each other at the same moment cannot both succeed), and
 * - the subscription or billing contact (409; reassign first — the composite foreign keys refuse
 *   it in the database too).
 * The removed person is emailed, and the pending invitations they sent are revoked.
 */
export async function removeManager(
  deps: AccountsDeps,
  session: SessionKey | null,
  accountId: string,
  targetUserId: string,
  origin: RequestOrigin,
): Promise<void> {
  try {
    await changeAccount(
      deps.db,
      (tx) => lockAccount(tx, accountId),
      async (db, retried) => {
        // Everything below is read in one statement, the session check included, and the writes
        // happen only if none of it has changed since (docs/decisions/005, 008).
        const {
          user: viewer,
          rows: [context],
        } = await sessionRead(db, session, readRemovalContext, accountId, targetUserId);
        if (!context) throw accountNotFound();
        // A2 before any rule: someone who does not manage the account (an outsider, a removed
        // manager, an invitee) hears 404 as for an account that does not exist, never a 409 that
        // would tell who manages it; staff hear 403 staff_read_only. The same holds after a race:
        // a manager removed a moment ago no longer acts for the account (A7).
        decideAccess(viewer, context.is_manager, "write");
        // Every request by a manager counts, refused ones too (once, however often it is decided).
        if (!retried) await deps.limiter.hit(LIMITS.removalsPerAccount, accountId);
        if (!context.target_email) throw managerNotFound();
        // A3: with the guard, this count is the truth.
        if (Number(context.manager_count) <= 1) {
          throw new AppError(
            "conflict",
            "last_manager",
            "A billing account needs at least one manager. Invite another manager before leaving.",
          );
        }
        if (context.subscription_contact_user_id === targetUserId) throw isSubscriptionContactError();
        if (context.billing_contact_type === "manager" && context.billing_contact_user_id === targetUserId) {
          throw isBillingContactError();
        }

        // Deferred: these go out together, as one guarded statement.
        guardAccountVersion(db, accountId, context.version);
        await deleteManager(db, accountId, targetUserId);
        await revokeInvitations(db, accountId, context.sent_pending);
        const leaving = targetUserId === viewer.id;
        await deps.outbox.send(
          db,
          managerRemovedMail(context.target_email, {
            companyName: context.company_name,
            accountNumber: context.account_number,
            removedBy: leaving ? null : { name: displayName(context), email: context.email },
          }),
        );
        await recordEvent(db, asUser(origin, viewer.id), {
          action: leaving ? "billing_account.manager_left" : "billing_account.manager_removed",
          subjectType: "user",
          subjectId: targetUserId,
          billingAccountId: accountId,
          summary: {
            manager: { userId: targetUserId, email: context.target_email },
            revokedInvitations: context.sent_pending,
          },
        });
      },
    );
  } catch (error) {
    // The database's own guard (A8): a contact's membership cannot be deleted.
    if (pgErrorCode(error) === "23503") {
      const constraint = pgConstraint(error);
      if (constraint === "billing_accounts_subscription_contact_is_manager") throw isSubscriptionContactError();
      if (constraint === "billing_accounts_billing_contact_is_manager") throw isBillingContactError();
    }
    throw error;
  }
}
