// `billfold seed --demo` (issue 16): the direct demo account's SaaS subscription linked to a group
// and its self-managed one activated on an instance, so the subscriptions page shows both states.
// Through the use repository with events (AU1), once: a second run finds them in use already.
import { change } from "../../platform/change/change.js";
import type { Db } from "../../platform/db/client.js";
import { recordEvent, systemMeta } from "../audit/index.js";
import { lockSubscription } from "../billing/index.js";
import { setActivation, setNamespace } from "./subscription-use.repository.js";

export const DEMO_NAMESPACE = "northwind-traders";
export const DEMO_INSTANCE_ID = "northwind-gitlab-01";

export async function seedDemoSubscriptionUse(db: Db, input: { directAccountId: string }): Promise<void> {
  const rows = await db
    .selectFrom("subscriptions")
    .select(["id", "deployment"])
    .where("billing_account_id", "=", input.directAccountId)
    .orderBy("created_at")
    .execute();
  const saas = rows.find((r) => r.deployment === "saas");
  const selfManaged = rows.find((r) => r.deployment === "self_managed");
  await change(db, {
    lock: null, // demo rows, made once by one command
    decide: async (tx) => {
      const now = new Date();
      const linked = saas && (await lockSubscription(tx, saas.id));
      if (linked && linked.namespace === null) {
        const taken = await tx
          .selectFrom("subscriptions")
          .select("id")
          .where("namespace", "=", DEMO_NAMESPACE)
          .executeTakeFirst();
        if (!taken) {
          await setNamespace(tx, linked.id, DEMO_NAMESPACE, now);
          await recordEvent(tx, systemMeta, {
            action: "subscription.namespace_linked",
            subjectType: "subscription",
            subjectId: linked.id,
            billingAccountId: input.directAccountId,
            summary: { subscriptionNumber: linked.subscription_number, namespace: { from: null, to: DEMO_NAMESPACE } },
          });
        }
      }
      const bound = selfManaged && (await lockSubscription(tx, selfManaged.id));
      if (bound && bound.activation_instance_id === null) {
        await setActivation(tx, bound.id, DEMO_INSTANCE_ID, now);
        await recordEvent(tx, systemMeta, {
          action: "subscription.activated",
          subjectType: "subscription",
          subjectId: bound.id,
          billingAccountId: input.directAccountId,
          summary: { subscriptionNumber: bound.subscription_number, instanceId: DEMO_INSTANCE_ID },
        });
      }
    },
  });
}
