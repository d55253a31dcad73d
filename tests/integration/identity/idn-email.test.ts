// Issue 12 item 10, I1: an international domain typed in Unicode (exämple.test) or in its ASCII
// form (xn--exmple-cua.test) is one mailbox: one profile, one rate-limit bucket, one invitation.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../factories/accounts.js";
import { signedInUser, tokenFrom } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const forms = () => {
  const local = `idn-${randomBytes(4).toString("hex")}`;
  return { unicode: `${local}@exämple.test`, ascii: `${local}@xn--exmple-cua.test`, local };
};

/** Requests a link for `email` and signs in with it; returns the profile the link opened. */
async function signInWith(email: string, local: string, client: TestClient = t.client()) {
  const before = t.smtp.messages.length;
  const res = await client.post("/api/v1/auth/sign-in-link", { email });
  expect(res.statusCode, res.body).toBe(202);
  const mail = await t.smtp.waitForMail(
    (m) => t.smtp.messages.indexOf(m) >= before && m.to.toLowerCase().startsWith(`${local}@`),
  );
  const redeemed = await client.post("/api/v1/auth/sign-in-link/redeem", {
    token: tokenFrom(t.smtp.linkIn(mail, "/sign-in/")),
  });
  expect(redeemed.statusCode, redeemed.body).toBe(200);
  return redeemed.json().user as { id: string; email: string };
}

const profilesFor = (local: string) =>
  t.db.selectFrom("users").select(["id", "email", "email_key"]).where("email_key", "like", `${local}@%`).execute();

describe("one mailbox whatever form its domain is typed in (issue 12 item 10, I1)", () => {
  it("a profile made with the Unicode form is the one the ASCII form signs in to; no second profile", async () => {
    const { unicode, ascii, local } = forms();
    const first = await signInWith(unicode, local);
    expect(first.email).toBe(unicode); // shown as typed
    const second = await signInWith(ascii.toUpperCase().replace("XN--", "xn--"), local);
    expect(second.id).toBe(first.id);
    const third = await signInWith(unicode, local);
    expect(third.id).toBe(first.id);
    expect(await profilesFor(local)).toEqual([{ id: first.id, email: unicode, email_key: ascii }]);
  });

  it("both forms count against one per-address limit", async () => {
    const { unicode, ascii } = forms();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const email = i % 2 === 0 ? unicode : ascii;
      statuses.push((await t.client().post("/api/v1/auth/sign-in-link", { email })).statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it("inviting the other form renews the pending invitation instead of adding one", async () => {
    const { unicode, ascii } = forms();
    const owner = await signedInUser(t);
    const account = await createAccount(owner.client);
    const invitations = `/api/v1/billing-accounts/${account.id}/invitations`;
    const first = await owner.client.post(invitations, { email: unicode });
    expect(first.statusCode, first.body).toBe(201);
    const again = await owner.client.post(invitations, { email: ascii });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, renewed: true });
    expect((await owner.client.get(invitations)).json().invitations).toHaveLength(1);
  });
});
