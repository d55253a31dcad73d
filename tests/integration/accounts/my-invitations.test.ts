// GET /api/v1/invitations (A4, A5): someone with a profile but no billing account, who was invited,
// learns of it where they land: each open invitation names the account, the inviter and the expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, invite } from "../../factories/accounts.js";
import { signedInUser, signInByLink, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function inviteAndAnswer(inviter: Awaited<ReturnType<typeof signedInUser>>, accountId: string, email: string) {
  const res = await inviter.client.post(`/api/v1/billing-accounts/${accountId}/invitations`, { email });
  expect([200, 201]).toContain(res.statusCode);
  return res.json() as { id: string; expiresAt: string };
}

describe("GET /invitations: the invitations to the signed-in person's address", () => {
  it("a profile with no account sees each open invitation with the account, the inviter and the expiry", async () => {
    const email = uniqueEmail("invitee");
    const invitee = await signInByLink(t, email);
    expect((await invitee.get("/api/v1/billing-accounts")).json().billingAccounts).toEqual([]);

    const olive = await signedInUser(t, { email: uniqueEmail("olive"), firstName: "Olive", lastName: "Owner" });
    const acme = await createAccount(olive.client, { companyName: "Acme GmbH" });
    const unnamed = await signedInUser(t, { email: uniqueEmail("unnamed") });
    const beta = await createAccount(unnamed.client, { companyName: "Beta SARL" });
    const gamma = await createAccount(olive.client, { companyName: "Gamma Ltd" });

    const fromAcme = await inviteAndAnswer(olive, acme.id, email);
    const fromBeta = await inviteAndAnswer(unnamed, beta.id, email);
    // Withdrawn invitations are not shown.
    const fromGamma = await inviteAndAnswer(olive, gamma.id, email);
    expect(
      (await olive.client.delete(`/api/v1/billing-accounts/${gamma.id}/invitations/${fromGamma.id}`)).statusCode,
    ).toBe(204);

    const res = await invitee.get("/api/v1/invitations");
    expect(res.statusCode).toBe(200);
    // Newest first; an inviter with no name is shown by their address.
    expect(res.json()).toEqual({
      invitations: [
        {
          id: fromBeta.id,
          companyName: "Beta SARL",
          invitedBy: { name: unnamed.email, email: unnamed.email },
          email,
          state: "pending",
          expiresAt: fromBeta.expiresAt,
        },
        {
          id: fromAcme.id,
          companyName: "Acme GmbH",
          invitedBy: { name: "Olive Owner", email: olive.email },
          email,
          state: "pending",
          expiresAt: fromAcme.expiresAt,
        },
      ],
    });

    // Accepting from there makes them a manager, and the invitation leaves the list.
    expect((await invitee.post(`/api/v1/invitations/${fromAcme.id}/accept`)).statusCode).toBe(200);
    expect((await invitee.get("/api/v1/billing-accounts")).json().billingAccounts).toEqual([
      expect.objectContaining({ id: acme.id, companyName: "Acme GmbH" }),
    ]);
    expect((await invitee.get("/api/v1/invitations")).json().invitations.map((i: { id: string }) => i.id)).toEqual([
      fromBeta.id,
    ]);
  });

  it("a renewed invitation is listed once, with its new expiry", async () => {
    const invitee = await signedInUser(t);
    const olive = await signedInUser(t, { firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(olive.client);
    const first = await inviteAndAnswer(olive, account.id, invitee.email);
    await t.db
      .updateTable("billing_account_invitations")
      .set({ expires_at: new Date(Date.now() + 60_000) })
      .where("id", "=", first.id)
      .execute();
    const renewed = await inviteAndAnswer(olive, account.id, invitee.email);
    expect(renewed.id).toBe(first.id);

    const mine = (await invitee.client.get("/api/v1/invitations")).json().invitations;
    expect(mine).toEqual([expect.objectContaining({ id: first.id, state: "pending", expiresAt: renewed.expiresAt })]);
    expect(Date.parse(mine[0].expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it("needs a session: 401 in the usual error shape", async () => {
    const res = await t.client().get("/api/v1/invitations");
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
    // Nobody else's invitations, either: a stranger signed in sees none of them.
    const olive = await signedInUser(t);
    const account = await createAccount(olive.client);
    await invite(olive.client, account.id, uniqueEmail("someone"));
    const stranger = await signedInUser(t);
    expect((await stranger.client.get("/api/v1/invitations")).json()).toEqual({ invitations: [] });
  });
});
