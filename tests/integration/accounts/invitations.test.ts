// A4, A6: sending, renewing, listing and revoking invitations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../../src/server/platform/crypto.js";
import {
  accountWithManagers,
  expireInvitation,
  invitationRow,
  invite,
  inviteWithLink,
  type TestUser,
} from "../../factories/accounts.js";
import { signedInUser, tokenFrom, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("A4: sending invitations", () => {
  it("emails a link to BASE_URL/invitations/<token> naming the account and the inviter; only the hash is stored", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const email = uniqueEmail("colleague");
    const { id, mail, link, token } = await inviteWithLink(t, owner, account.id, email);
    expect(link).toBe(`${t.baseUrl}/invitations/${token}`);
    expect(mail.text).toContain("the billing account named “Acme GmbH”");
    expect(mail.text).toContain(`${owner.email} (who gave the name “Olive Owner”)`);
    const row = await invitationRow(t, id);
    expect(row.token_hash).toBe(hashToken(token));
    const days = (row.expires_at.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const events = await t.db
      .selectFrom("events")
      .select(["action", "summary"])
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.invitation_sent")
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it("inviting a current manager answers 409 already_manager, in any letter case", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    for (const email of [others[0]!.email, others[0]!.email.toUpperCase(), owner.email]) {
      const res = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe("already_manager");
    }
  });

  it("re-inviting a pending address renews it: new token and expiry, email resent, old link 410, one row", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const email = uniqueEmail("again");
    const first = await inviteWithLink(t, owner, account.id, email);
    await t.db
      .updateTable("billing_account_invitations")
      .set({ expires_at: new Date(Date.now() + 60_000) })
      .where("id", "=", first.id)
      .execute();

    const before = t.smtp.messages.length;
    const res = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
      email: email.toUpperCase(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: first.id, renewed: true });
    const mail = await t.smtp.waitForMail(
      (m) => t.smtp.messages.indexOf(m) >= before && m.to.toLowerCase() === email.toLowerCase(),
    );
    const second = tokenFrom(t.smtp.linkIn(mail, "/invitations/"));
    expect(second).not.toBe(first.token);

    const rows = await t.db
      .selectFrom("billing_account_invitations")
      .select(["id", "token_hash", "expires_at"])
      .where("billing_account_id", "=", account.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(second));
    expect(rows[0]!.expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const old = await t.client().get(`/api/v1/invitations/token/${first.token}`);
    expect(old.statusCode).toBe(410);
    expect(old.json().error.code).toBe("invitation_link_invalid");
    expect((await t.client().post("/api/v1/invitations/accept", { token: first.token })).statusCode).toBe(410);
    expect((await t.client().get(`/api/v1/invitations/token/${second}`)).statusCode).toBe(200);
    const renewed = await t.db
      .selectFrom("events")
      .select("action")
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.invitation_renewed")
      .execute();
    expect(renewed).toHaveLength(1);
  });
});

describe("A6: the account's invitations", () => {
  it("lists pending and expired invitations with expiry and inviter", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const registered = await signedInUser(t);
    const stranger = uniqueEmail("stranger");
    const stale = uniqueEmail("stale");
    await invite(owner.client, account.id, registered.email);
    await invite(owner.client, account.id, stranger);
    await expireInvitation(t, await invite(owner.client, account.id, stale));

    const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}/invitations`);
    expect(res.statusCode).toBe(200);
    const byEmail = Object.fromEntries(
      res.json().invitations.map((i: { email: string; state: string }) => [i.email, i]),
    );
    expect(byEmail[registered.email].state).toBe("pending");
    expect(byEmail[stranger].state).toBe("pending");
    expect(byEmail[stale].state).toBe("expired");
    expect(byEmail[stranger].invitedBy).toEqual({ userId: owner.id, name: "Olive Owner", email: owner.email });
    expect(Date.parse(byEmail[stranger].expiresAt)).toBeGreaterThan(Date.now());
  });

  it("any manager revokes; the link then answers 410 and the list no longer shows it", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const email = uniqueEmail("revoked");
    const { id, token } = await inviteWithLink(t, owner, account.id, email);
    const res = await others[0]!.client.delete(`/api/v1/billing-accounts/${account.id}/invitations/${id}`);
    expect(res.statusCode).toBe(204);
    const preview = await t.client().get(`/api/v1/invitations/token/${token}`);
    expect(preview.statusCode).toBe(410);
    expect(preview.json().error.code).toBe("invitation_revoked");
    const accept = await t.client().post("/api/v1/invitations/accept", { token });
    expect(accept.json().error.code).toBe("invitation_revoked");
    const list = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/invitations`)).json().invitations;
    expect(list).toEqual([]);
    const again = await owner.client.delete(`/api/v1/billing-accounts/${account.id}/invitations/${id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("invitation_not_pending");
  });
});

describe("A4/A6 (I2): nothing a manager sees tells whether the invited address has a profile", () => {
  type Probe = { email: string; id: string; tokens: string[] };

  /** The value as text with what must differ (address, id, tokens) and every digit (times) masked. */
  function normalised(value: unknown, probe: Probe): string {
    let text = typeof value === "string" ? value : JSON.stringify(value);
    for (const token of probe.tokens) text = text.replaceAll(token, "<token>");
    text = text.replaceAll(probe.email, "<address>").replaceAll(probe.id, "<id>");
    return text.replace(/[0-9]/g, "#");
  }

  /** Sends the invitation (or renews it) and returns the answer and the email it sent. */
  async function inviteAndRead(owner: TestUser, accountId: string, email: string) {
    const before = t.smtp.messages.length;
    const res = await owner.client.post(`/api/v1/billing-accounts/${accountId}/invitations`, { email });
    const mail = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= before && m.to === email);
    return { res, mail, token: tokenFrom(t.smtp.linkIn(mail, "/invitations/")) };
  }

  it("the invite and renewal answers, the list entries and the emails are identical but for address and token", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const withProfile = (await signedInUser(t, { email: uniqueEmail("probe") })).email;
    const withoutProfile = uniqueEmail("probe");

    const seen = [];
    for (const email of [withProfile, withoutProfile]) {
      const sent = await inviteAndRead(owner, account.id, email);
      const renewed = await inviteAndRead(owner, account.id, email);
      const probe: Probe = { email, id: sent.res.json().id, tokens: [sent.token, renewed.token] };
      seen.push({ probe, sent, renewed });
    }
    const list = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/invitations`)).json().invitations;

    const views = seen.map(({ probe, sent, renewed }) => ({
      answers: [sent.res, renewed.res].map((res) => ({
        status: res.statusCode,
        contentType: res.headers["content-type"],
        body: normalised(res.json(), probe),
      })),
      emails: [sent.mail, renewed.mail].map((mail) => ({
        to: normalised(mail.to, probe),
        subject: normalised(mail.subject, probe),
        text: normalised(mail.text, probe),
        html: normalised(mail.html, probe),
      })),
      listed: normalised(
        list.find((i: { id: string }) => i.id === probe.id),
        probe,
      ),
    }));
    expect(views[1]).toEqual(views[0]);
    expect(views[0]!.answers.map((a) => a.status)).toEqual([201, 200]);
    expect(JSON.parse(views[0]!.listed)).toMatchObject({ email: "<address>", state: "pending" });
    expect(views[0]!.emails[0]!.text).toContain("/invitations/<token>");
  });
});
