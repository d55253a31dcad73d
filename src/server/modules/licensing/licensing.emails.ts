// S4: mail about a subscription's activations. Instance ids are the customer's own strings: they
// stay out of subjects.
import type { MailContent } from "../../platform/mail/message.js";

export function activatedMail(
  to: string,
  d: { subscriptionNumber: string; instanceId: string; subscriptionsUrl: string },
): MailContent {
  return {
    to,
    subject: `Subscription ${d.subscriptionNumber} was activated on an instance`,
    paragraphs: [
      `Subscription ${d.subscriptionNumber} was activated on instance ${d.instanceId} with its activation code. The instance received a license file bound to it.`,
      "If you did not expect this, release the instance and make a new activation code on the subscriptions page: the old code then stops working.",
      "You receive this because you are the subscription contact of this billing account.",
    ],
    action: { label: "Subscriptions in the portal", url: d.subscriptionsUrl },
  };
}
