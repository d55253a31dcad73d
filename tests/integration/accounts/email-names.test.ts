// Issue 12 item 11: company and people's names are typed by customers and mailed to whoever a
// manager invites or removes. They stay out of subjects, and bodies quote them as names, capped,
// with anything a mail client would link defanged (platform/mail/user-text.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, createAccount, inviteWithLink } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const PHISHING_NAME = "Urgent: pay at https://evil.example";

/** Every word of three letters or more in `name` (what a reader could take as Billfold's words). */
const wordsOf = (name: string) => name.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);

/** Every link a mail client could follow: URLs, bare domains and addresses on evil.example. */
function expectNoLinkTo(mail: { text: string; html: string }, domain: string) {
  for (const part of [mail.text, mail.html]) {
    expect(part).not.toContain(`://${domain}`);
    expect(part).not.toContain(domain);
    expect(part).not.toMatch(new RegExp(`href="[^"]*${domain.replace(".", "\\.")}`));
  }
}

describe("names in emails (issue 12 item 11)", () => {
  it("an invitation from an account named like a phishing message: no part of it in the subject, quoted and defanged in the body", async () => {
    const owner = await signedInUser(t, {
      email: uniqueEmail("owner"),
      firstName: "Visit",
      lastName: "www.evil.example",
    });
    const account = await createAccount(owner.client, { companyName: PHISHING_NAME });
    const { mail } = await inviteWithLink(t, owner, account.id, uniqueEmail("invitee"));

    for (const word of [...wordsOf(PHISHING_NAME), "Visit"])
      expect(mail.subject.toLowerCase()).not.toContain(word.toLowerCase());
    expect(mail.subject).toBe("You are invited to manage a billing account on Billfold");

    // Said for what it is, in quotes, with the URL broken so no client links it.
    expect(mail.text).toContain("the billing account named “Urgent: pay at https[:]//evil[.]example”");
    expect(mail.text).toContain(`${owner.email} (who gave the name “Visit www[.]evil[.]example”)`);
    expect(mail.html).toContain("the billing account named “Urgent: pay at https[:]//evil[.]example”");
    expectNoLinkTo(mail, "evil.example");
    // The invitation link itself still works as a link.
    expect(mail.text).toMatch(new RegExp(`${t.baseUrl}/invitations/[A-Za-z0-9_-]{43}`));
  });

  it("caps a long name at 80 characters with an ellipsis", async () => {
    const longName = `${"Very Long Company Name ".repeat(9)}Ltd`.slice(0, 200); // the longest the API takes
    const owner = await signedInUser(t, { email: uniqueEmail("owner"), firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(owner.client, { companyName: longName });
    const { mail } = await inviteWithLink(t, owner, account.id, uniqueEmail("invitee"));

    const quoted = mail.text.match(/named “([^”]*)”/)?.[1];
    expect(quoted).toBeDefined();
    expect(quoted?.endsWith("…")).toBe(true);
    expect([...(quoted ?? "")].length).toBeLessThanOrEqual(80);
    expect(longName.startsWith(quoted?.slice(0, -1) ?? "-")).toBe(true);
    expect(mail.text).not.toContain(longName);
    expect(mail.subject).not.toContain("Very Long");
  });

  it("the removal notice names the account by its number in the subject, and quotes the name in the body", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const renamed = await owner.client.patch(`/api/v1/billing-accounts/${account.id}`, { companyName: PHISHING_NAME });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const removed = others[0]!;
    const before = t.smtp.messages.length;
    const res = await owner.client.delete(`/api/v1/billing-accounts/${account.id}/managers/${removed.id}`);
    expect(res.statusCode, res.body).toBe(204);
    // Its invitation mail may still be on its way: wait for the notice itself.
    const mail = await t.smtp.waitForMail(
      (m) =>
        t.smtp.messages.indexOf(m) >= before && m.to === removed.email && m.subject.startsWith("You are no longer"),
    );
    expect(mail.subject).toBe(`You are no longer a manager of billing account ${account.accountNumber}`);
    expect(mail.text).toContain("the billing account named “Urgent: pay at https[:]//evil[.]example”");
    expectNoLinkTo(mail, "evil.example");
  });
});
