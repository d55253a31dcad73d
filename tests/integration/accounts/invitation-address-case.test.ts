// I1 with A4/A5: the address shown keeps its original case. Accepting an invitation never rewrites
// the address of an existing profile, however the inviter capitalised it; a profile that accepting
// creates takes the invitation's address as the inviter typed it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, createAccount, invite, inviteWithLink, type TestUser } from "../../factories/accounts.js";
import { signInByLink } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** The same address twice: as Casey types it, and as an inviter capitalised it. */
function caseyAddresses() {
  const suffix = randomBytes(4).toString("hex");
  return { typed: `casey.new-${suffix}@example.test`, capitalised: `Casey.New-${suffix}@Example.test` };
}

async function managerEmails(client: TestClient, accountId: string): Promise<string[]> {
  const res = await client.get(`/api/v1/billing-accounts/${accountId}/managers`);
  expect(res.statusCode).toBe(200);
  return res.json().managers.map((m: { email: string }) => m.email);
}

async function acceptedNoticeTo(inviter: TestUser) {
  return t.smtp.waitForMail((m) => m.to === inviter.email && /is now a manager/.test(m.subject));
}

describe("I1: accepting an invitation keeps the case of the address", () => {
  it("an existing profile keeps the address as typed at sign-up, whatever case the (re-)invitation used", async () => {
    const { typed, capitalised } = caseyAddresses();
    // Casey signs up the way a person does, typing the address in lower case.
    const casey = await signInByLink(t, typed);
    expect((await casey.get("/api/v1/me")).json().email).toBe(typed);

    // Invited in lower case, then re-invited with capitals (a renewal); accepted by id.
    const first = await accountWithManagers(t, 0);
    // inviteWithLink waits for each email, so a late one cannot be taken for the next.
    await inviteWithLink(t, first.owner, first.account.id, typed);
    const { id: renewedId } = await inviteWithLink(t, first.owner, first.account.id, capitalised);
    expect((await casey.post(`/api/v1/invitations/${renewedId}/accept`)).statusCode).toBe(200);

    // Invited with capitals to a second account; accepted with the emailed link while signed in.
    const second = await accountWithManagers(t, 0);
    const { token } = await inviteWithLink(t, second.owner, second.account.id, capitalised);
    const byLink = await casey.post("/api/v1/invitations/accept", { token });
    expect(byLink.statusCode).toBe(200);
    expect(byLink.json()).toMatchObject({ profileCreated: false });

    expect((await casey.get("/api/v1/me")).json().email).toBe(typed);
    for (const { owner, account } of [first, second]) {
      const emails = await managerEmails(owner.client, account.id);
      expect(emails).toContain(typed);
      expect(emails).not.toContain(capitalised);
      const notice = await acceptedNoticeTo(owner);
      expect(notice.text).toContain(typed);
      expect(notice.text).not.toContain(capitalised);
    }
    // And the sign-in link still goes to the address as Casey typed it.
    const before = t.smtp.messages.length;
    expect((await t.client().post("/api/v1/auth/sign-in-link", { email: capitalised })).statusCode).toBe(202);
    const link = await t.smtp.waitForMail(
      (m) => t.smtp.messages.indexOf(m) >= before && m.subject === "Your Billfold sign-in link",
    );
    expect(link.to).toBe(typed);
  });

  it("a profile created by accepting takes the invitation's address as the inviter typed it", async () => {
    const { typed, capitalised } = caseyAddresses();
    const { account, owner } = await accountWithManagers(t, 0);
    // The renewal's capitals are what the latest (and only working) link was sent to.
    await inviteWithLink(t, owner, account.id, typed);
    const { token } = await inviteWithLink(t, owner, account.id, capitalised);

    const newcomer = t.client();
    const res = await newcomer.post("/api/v1/invitations/accept", { token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ profileCreated: true });
    expect((await newcomer.get("/api/v1/me")).json()).toMatchObject({ email: capitalised, emailConfirmed: true });
    expect(await managerEmails(owner.client, account.id)).toContain(capitalised);

    // A later invitation in lower case, accepted while signed in, changes nothing.
    const other = await createAccount(owner.client, { companyName: "Other GmbH" });
    const id = await invite(owner.client, other.id, typed);
    expect((await newcomer.post(`/api/v1/invitations/${id}/accept`)).statusCode).toBe(200);
    expect((await newcomer.get("/api/v1/me")).json().email).toBe(capitalised);
  });
});
