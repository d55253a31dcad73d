// S2: a SaaS subscription links to at most one GitLab.com group and a group to at most one
// subscription. Managers link, change or unlink it, on reseller accounts too (R1: the account is
// locked with lockAccountAsManagerOrThrow, not the money routes' direct-only lock).
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { pgErrorCode } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import type { Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { toSubscriptionSummary } from "../billing/index.js";
import type { LicensingDeps } from "./licensing.deps.js";
import { changeSubscriptionUse } from "./subscription-lock.js";
import { isEnded, onlySaas, subscriptionEnded } from "./subscription-use.errors.js";
import { setNamespace } from "./subscription-use.repository.js";

/** The same answer whoever holds the namespace (this account or another): it names no one. */
const namespaceTaken = () =>
  new AppError(
    "conflict",
    ERROR_CODES.namespaceTaken,
    "This group is already linked to a subscription. Unlink it there first, or contact support.",
  );

/** PUT /subscriptions/:id/namespace: links or changes the group; the same group again is a no-op. */
export async function linkNamespace(
  deps: Pick<LicensingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  namespace: string,
  meta: RequestMeta,
): Promise<SubscriptionSummary> {
  const after = await changeSubscriptionUse(deps, viewer, subscriptionId, async (tx, current) => {
    if (current.deployment !== "saas") throw onlySaas();
    if (isEnded(current)) throw subscriptionEnded();
    if (current.namespace === namespace) return current;
    let updated: typeof current;
    try {
      updated = await setNamespace(tx, subscriptionId, namespace, new Date());
    } catch (error) {
      // S2: the unique index decides, also between two links at the same moment (the second
      // waits for the first to commit, then fails here). The transaction is spoilt: refuse.
      if (pgErrorCode(error) === "23505") throw namespaceTaken();
      throw error;
    }
    await recordEvent(tx, meta, {
      action: current.namespace === null ? "subscription.namespace_linked" : "subscription.namespace_changed",
      subjectType: "subscription",
      subjectId: subscriptionId,
      billingAccountId: current.billing_account_id,
      summary: {
        subscriptionNumber: current.subscription_number,
        namespace: { from: current.namespace, to: namespace },
      },
    });
    return updated;
  });
  return toSubscriptionSummary(after);
}

/** DELETE /subscriptions/:id/namespace: unlinks (allowed on an ended subscription); none linked is a no-op. */
export async function unlinkNamespace(
  deps: Pick<LicensingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  meta: RequestMeta,
): Promise<SubscriptionSummary> {
  const after = await changeSubscriptionUse(deps, viewer, subscriptionId, async (tx, current) => {
    if (current.deployment !== "saas") throw onlySaas();
    if (current.namespace === null) return current;
    const updated = await setNamespace(tx, subscriptionId, null, new Date());
    await recordEvent(tx, meta, {
      action: "subscription.namespace_unlinked",
      subjectType: "subscription",
      subjectId: subscriptionId,
      billingAccountId: current.billing_account_id,
      summary: { subscriptionNumber: current.subscription_number, namespace: { from: current.namespace, to: null } },
    });
    return updated;
  });
  return toSubscriptionSummary(after);
}
