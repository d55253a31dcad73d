// Demo money for a first `npm start`: Northwind (direct, USD) gets two cards, a SaaS subscription
// linked to its GitLab.com group and a self-managed one activated on its GitLab server, with their
// paid invoices (one with a seat add-on); Fabrikam is a reseller account with a reseller-owned
// subscription, not linked yet (its customer links it, R1). Written directly, without emails: nobody
// bought anything. Idempotent: does nothing when Northwind already has a card.

import { randomUUID } from "node:crypto";
import type { Catalog } from "../../../shared/billing.js";
import { change } from "../../platform/change/change.js";
import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import { createSandboxGateway } from "../../platform/payments/sandbox.js";
import { findAccountWithContacts } from "../accounts/index.js";
import type { Seller } from "./billing.deps.js";
import { finaliseInvoice } from "./invoice-finalise.js";
import { insertPaymentMethod, listPaymentMethods } from "./payment-methods.repository.js";
import { type Quote, quoteNewSubscription, quoteSeatAddOn } from "./pricing.js";
import { insertSubscription, updateSubscription } from "./subscriptions.repository.js";
import { addDays, toIsoDate } from "./term.js";

/** What the demo's subscriptions are used by (S2, S4): Northwind's group and its GitLab server. */
const DEMO_USE = { namespace: "northwind", instanceId: "nw-gitlab-prod-01" } as const;

// S2, S4: the subscriptions in use. The licensing module owns these columns' writes (linking,
// activating, with their events); the demo writes them directly, like the rest of its rows, so it
// does not depend on that module's repository.
async function linkDemoNamespace(tx: Tx, subscriptionId: string, namespace: string, on: string): Promise<void> {
  await tx
    .updateTable("subscriptions")
    .set({ namespace, namespace_linked_at: new Date(`${on}T09:00:00Z`) })
    .where("id", "=", subscriptionId)
    .execute();
}

async function activateDemoInstance(tx: Tx, subscriptionId: string, instanceId: string, on: string): Promise<void> {
  await tx
    .updateTable("subscriptions")
    .set({ activation_instance_id: instanceId, activated_at: new Date(`${on}T09:00:00Z`) })
    .where("id", "=", subscriptionId)
    .execute();
}

export async function seedDemoBilling(
  db: Db,
  input: { directAccountId: string; resellerAccountId: string; catalog: Catalog; seller: Seller },
): Promise<void> {
  if ((await listPaymentMethods(db, input.directAccountId)).length > 0) return;
  const found = await findAccountWithContacts(db, input.directAccountId);
  if (!found) return;
  const { account, contacts } = found;
  const gateway = createSandboxGateway(db);
  const expYear = new Date().getUTCFullYear() + 3;
  const visa = await gateway.tokenise({ number: "4242424242424242", expMonth: 8, expYear, cvc: "123" });
  const mastercard = await gateway.tokenise({
    number: "5555555555554444",
    expMonth: 3,
    expYear: expYear + 1,
    cvc: "123",
  });
  const [saasPlan, selfManagedPlan] = [input.catalog.plans[0]!, input.catalog.plans.at(-1)!];
  const today = toIsoDate(new Date());

  await change(db, {
    lock: null, // demo rows, made once by one command
    decide: async (tx) => {
      const card = await insertPaymentMethod(tx, {
        accountId: account.id,
        token: visa.token,
        brand: visa.brand,
        last4: visa.last4,
        expMonth: visa.expMonth,
        expYear: visa.expYear,
        holderName: "Alex Morgan",
        isDefault: true,
      });
      await insertPaymentMethod(tx, {
        accountId: account.id,
        token: mastercard.token,
        brand: mastercard.brand,
        last4: mastercard.last4,
        expMonth: mastercard.expMonth,
        expYear: mastercard.expYear,
        holderName: "Northwind Accounts",
        isDefault: false,
      });

      const invoice = async (
        quote: Quote,
        subscriptionId: string,
        subscriptionNumber: string,
        kind: "purchase" | "add_on",
        issuedOn: string,
      ) => {
        await finaliseInvoice(
          tx,
          input.seller,
          {
            account,
            contacts,
            subscription: { id: subscriptionId, subscription_number: subscriptionNumber },
            kind,
            quote,
            card,
            chargeId: `ch_demo_${randomUUID()}`,
            issuedAt: new Date(`${issuedOn}T10:00:00Z`),
          },
          null,
        );
      };
      const buy = async (
        t: Tx,
        plan: typeof saasPlan,
        deployment: "saas" | "self_managed",
        seats: number,
        start: string,
      ) => {
        const quote = quoteNewSubscription({ plan, deployment, seats, currency: account.currency, start });
        const subscription = await insertSubscription(t, {
          accountId: account.id,
          planId: plan.id,
          planName: plan.name,
          deployment,
          seats,
          currency: quote.currency,
          termStart: quote.term.start,
          termEnd: quote.term.end,
        });
        await invoice(quote, subscription.id, subscription.subscription_number, "purchase", start);
        return subscription;
      };

      if (saasPlan.deployments.includes("saas")) {
        const saas = await buy(tx, saasPlan, "saas", 25, addDays(today, -60));
        await linkDemoNamespace(tx, saas.id, DEMO_USE.namespace, addDays(today, -59));
      }
      if (selfManagedPlan.deployments.includes("self_managed")) {
        const sm = await buy(tx, selfManagedPlan, "self_managed", 10, addDays(today, -150));
        await activateDemoInstance(tx, sm.id, DEMO_USE.instanceId, addDays(today, -149));
        const addOnDay = addDays(today, -30);
        const quote = quoteSeatAddOn({
          plan: selfManagedPlan,
          seats: 5,
          currentSeats: 10,
          currency: account.currency,
          term: { start: sm.term_start, end: sm.term_end },
          today: addOnDay,
        });
        await updateSubscription(tx, sm.id, { seats: 15 });
        await invoice(quote, sm.id, sm.subscription_number, "add_on", addOnDay);
      }

      // R1: a subscription the reseller sold and invoices; the customer only sees it.
      const start = addDays(today, -90);
      const resellerSub = await insertSubscription(tx, {
        accountId: input.resellerAccountId,
        planId: saasPlan.id,
        planName: saasPlan.name,
        deployment: saasPlan.deployments[0]!,
        seats: 50,
        currency: account.currency,
        termStart: start,
        termEnd: quoteNewSubscription({
          plan: saasPlan,
          deployment: saasPlan.deployments[0]!,
          seats: 1,
          currency: Object.keys(saasPlan.seatPrices)[0]!,
          start,
        }).term.end,
      });
      await tx
        .updateTable("subscriptions")
        .set({ invoice_owner: "reseller", reseller_name: "Partner Reseller Inc." })
        .where("id", "=", resellerSub.id)
        .execute();
    },
  });
}
