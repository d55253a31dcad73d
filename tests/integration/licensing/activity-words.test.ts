// AU1, AU2: the account's Activity page says in words what happened to a subscription's use (S2,
// S4), from the events the API answers: the group linked, changed and unlinked, the instance that
// activated (named as the instance, not as someone with an emailed link), the release and a new code.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AccountEvent } from "../../../src/shared/accounts.js";
import { describeActor, describeEvent } from "../../../src/web/modules/activity/activityText.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { activationCodeOf, buySubscription } from "../../factories/subscriptions.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it("describes each change of a subscription's use in words, with its actor", async () => {
  const { owner, account } = await accountWithManagers(t);
  const saas = await buySubscription(owner, account.id, "saas");
  const selfManaged = await buySubscription(owner, account.id, "self_managed");
  const group = `acme-${Date.now().toString(36)}`;
  const sub = (id: string) => `/api/v1/subscriptions/${id}`;
  // One after the other: the events' order is the steps' order.
  for (const step of [
    () => owner.client.put(`${sub(saas.id)}/namespace`, { namespace: group }),
    () => owner.client.put(`${sub(saas.id)}/namespace`, { namespace: `${group}/platform` }),
    () => owner.client.delete(`${sub(saas.id)}/namespace`),
  ]) {
    expect((await step()).statusCode).toBe(200);
  }
  const code = await activationCodeOf(t, selfManaged.id);
  const activated = await t.client().post("/api/v1/activations", { code, instanceId: "gitlab-prod-01" });
  expect(activated.statusCode, activated.body).toBe(200);
  expect((await owner.client.delete(`${sub(selfManaged.id)}/activation`)).statusCode).toBe(200);
  expect((await owner.client.post(`${sub(selfManaged.id)}/activation-code`)).statusCode).toBe(200);

  const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}/events`);
  expect(res.statusCode).toBe(200);
  const lines = (res.json().events as AccountEvent[])
    .filter((e) => e.action.startsWith("subscription.") && !e.action.endsWith("purchased"))
    .map((e) => `${describeActor(e.actor, e.action)}: ${describeEvent(e)}`)
    .reverse();
  const you = describeActor((res.json().events as AccountEvent[])[0]!.actor);
  const sm = selfManaged.subscriptionNumber;
  expect(lines).toEqual([
    `${you}: Linked ${saas.subscriptionNumber} to the group gitlab.com/${group}`,
    `${you}: Changed the group of ${saas.subscriptionNumber} from gitlab.com/${group} to gitlab.com/${group}/platform`,
    `${you}: Unlinked ${saas.subscriptionNumber} from the group gitlab.com/${group}/platform`,
    `An instance with the activation code: Activated ${sm} on the instance gitlab-prod-01`,
    `${you}: Released ${sm} from the instance gitlab-prod-01`,
    `${you}: Made a new activation code for ${sm}`,
  ]);
});
