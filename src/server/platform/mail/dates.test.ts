// Issue 13: dates in emails read like a person wrote them.
import { describe, expect, it } from "vitest";
import { invitationMail } from "../../modules/accounts/accounts.emails.js";
import { mailDateTime } from "./dates.js";

describe("mailDateTime", () => {
  it("writes day, month name and year, with the time in UTC", () => {
    expect(mailDateTime(new Date("2026-12-08T14:32:10Z"))).toBe("8 December 2026 at 14:32 UTC");
  });

  it("speaks the recipient's language when asked", () => {
    expect(mailDateTime(new Date("2026-12-08T14:32:10Z"), "de")).toBe("8. Dezember 2026 um 14:32 UTC");
  });

  it("is what the invitation email says about its expiry", () => {
    const mail = invitationMail("ada@example.com", {
      companyName: "Acme GmbH",
      inviterName: "Olive Owner",
      inviterEmail: "olive@example.com",
      url: "https://billfold.example/invitations/x",
      expiresAt: new Date("2026-12-08T14:32:10Z"),
    });
    expect(mail.paragraphs.join("\n")).toContain("The invitation expires on 8 December 2026 at 14:32 UTC.");
  });
});
