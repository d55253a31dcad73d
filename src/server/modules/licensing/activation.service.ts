// S4: activation codes bind a self-managed subscription to one instance at a time. The customer's
// instance calls POST /activations with the code (no session); a manager sees the code, makes a
// new one, and releases the binding. The binding is decided under the subscription's row lock.

import { ERROR_CODES } from "../../../shared/errors.js";
import type { ActivationResult } from "../../../shared/licensing.js";
import { change } from "../../platform/change/change.js";
import { hashToken } from "../../platform/crypto.js";
import { AppError } from "../../platform/errors.js";
import type { Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { accountPageUrl, type SubscriptionRow, toSubscriptionSummary } from "../billing/index.js";
import { findLicensee, signLicenseFile } from "./license-file.service.js";
import { LIMITS, type LicensingDeps } from "./licensing.deps.js";
import { activatedMail } from "./licensing.emails.js";
import { changeSubscriptionUse } from "./subscription-lock.js";
import { isEnded, onlySelfManaged, subscriptionEnded } from "./subscription-use.errors.js";
import {
  lockSubscriptionByActivationCode,
  replaceActivationCode,
  setActivation,
} from "./subscription-use.repository.js";

/** One answer for every code no subscription has (a wrong, old or made-up code look alike). */
const codeInvalid = () =>
  new AppError(
    "not_found",
    ERROR_CODES.activationCodeInvalid,
    "This activation code is not valid. Copy the current code from the subscriptions page.",
  );

const alreadyActivated = () =>
  new AppError(
    "conflict",
    ERROR_CODES.alreadyActivated,
    "This subscription is activated on another instance. A manager can release it on the subscriptions page.",
  );

/**
 * POST /activations {code, instanceId}. Rate-limited per code and per IP before the change (the
 * hits are not rolled back with a refusal: that is the point). The same instance again gets a
 * fresh license without a new binding.
 */
export async function activate(
  deps: LicensingDeps,
  input: { code: string; instanceId: string },
  meta: RequestMeta,
): Promise<ActivationResult> {
  if (meta.ip) await deps.limiter.hit(LIMITS.activationPerIp, meta.ip);
  // The code is a secret: the limiter's key (in Redis, perhaps) is its hash.
  await deps.limiter.hit(LIMITS.activationPerCode, hashToken(input.code));
  const now = new Date();
  return change(deps.db, {
    lock: (tx) => lockSubscriptionByActivationCode(tx, input.code),
    decide: async (tx, current) => {
      if (!current) throw codeInvalid();
      if (isEnded(current)) throw subscriptionEnded();
      if (current.activation_instance_id !== null && current.activation_instance_id !== input.instanceId) {
        throw alreadyActivated();
      }
      // One read of the licensee serves the contact's mail and the signed file.
      const licensee = await findLicensee(tx, current.billing_account_id);
      let bound: SubscriptionRow = current;
      if (current.activation_instance_id === null) {
        bound = await setActivation(tx, current.id, input.instanceId, now);
        await recordEvent(tx, meta, {
          action: "subscription.activated",
          subjectType: "subscription",
          subjectId: current.id,
          billingAccountId: current.billing_account_id,
          summary: { subscriptionNumber: current.subscription_number, instanceId: input.instanceId },
        });
        const to = licensee.subscriptionContact.email;
        if (to) {
          await deps.outbox.send(
            tx,
            activatedMail(to, {
              subscriptionNumber: current.subscription_number,
              instanceId: input.instanceId,
              subscriptionsUrl: accountPageUrl(deps.config.baseUrl, current.billing_account_id, "subscriptions"),
            }),
          );
        }
      }
      const { license, expiresAt } = signLicenseFile(deps, licensee, bound, input.instanceId, now);
      return {
        subscriptionNumber: bound.subscription_number,
        instanceId: input.instanceId,
        license,
        licenseExpiresAt: expiresAt,
      };
    },
  });
}

/** DELETE /subscriptions/:id/activation: a manager releases the binding; the next instance may activate. */
export async function releaseActivation(
  deps: Pick<LicensingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  meta: RequestMeta,
) {
  const after = await changeSubscriptionUse(deps, viewer, subscriptionId, async (tx, current) => {
    if (current.deployment !== "self_managed") throw onlySelfManaged();
    if (current.activation_instance_id === null) {
      throw new AppError("conflict", ERROR_CODES.notActivated, "No instance has activated this subscription.");
    }
    const released = await setActivation(tx, subscriptionId, null, new Date());
    await recordEvent(tx, meta, {
      action: "subscription.activation_released",
      subjectType: "subscription",
      subjectId: subscriptionId,
      billingAccountId: current.billing_account_id,
      summary: {
        subscriptionNumber: current.subscription_number,
        instanceId: { from: current.activation_instance_id, to: null },
      },
    });
    return released;
  });
  return toSubscriptionSummary(after);
}

/** POST /subscriptions/:id/activation-code: a new code; the old one stops working (its event holds neither). */
export async function regenerateActivationCode(
  deps: Pick<LicensingDeps, "db">,
  viewer: Viewer,
  subscriptionId: string,
  meta: RequestMeta,
): Promise<{ activationCode: string }> {
  const after = await changeSubscriptionUse(deps, viewer, subscriptionId, async (tx, current) => {
    if (current.deployment !== "self_managed") throw onlySelfManaged();
    const updated = await replaceActivationCode(tx, subscriptionId, new Date());
    await recordEvent(tx, meta, {
      action: "subscription.activation_code_regenerated",
      subjectType: "subscription",
      subjectId: subscriptionId,
      billingAccountId: current.billing_account_id,
      summary: { subscriptionNumber: current.subscription_number },
    });
    return updated;
  });
  return { activationCode: after.activation_code! };
}
