// Issue 12: a sign-in link must not wait behind bulk mail. Mail a person is waiting for goes
// through a queue of its own with its own fetch loop and SMTP connections; /readyz shows how much
// mail waits and for how long.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkers } from "../../../src/server/app/bootstrap.js";
import { inTransaction } from "../../../src/server/platform/db/transaction.js";
import { uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const BULK = 500;
let t: TestApp;

beforeAll(async () => {
  // A slow-ish SMTP server (30 ms a message, five connections): 500 mails take about 3 s.
  t = await createTestApp({ worker: false, smtpDelayMs: 30 });
});
afterAll(async () => {
  await t?.close();
});

const bulkMail = (to: string) => ({
  to,
  subject: "Bulk invitation",
  paragraphs: ["Someone invited you to manage a billing account."],
  action: { label: "View the invitation", url: "http://localhost:3000/invitations/x" },
});

describe("mail a person is waiting for", () => {
  it("/readyz shows how many mails wait and how old the oldest is", async () => {
    await inTransaction(t.db, async (tx) => {
      for (let i = 0; i < BULK; i++) await t.runtime.outbox.send(tx, bulkMail(uniqueEmail("bulk")));
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const res = await t.client().get("/readyz");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: "ready", mail: { queued: BULK, dead: 0 } });
    expect(body.mail.oldestQueuedSeconds).toBeGreaterThanOrEqual(1);
  });

  it("a sign-in link requested after 500 queued invitations arrives before they are all delivered", async () => {
    await startWorkers(t.runtime);
    // Let the bulk worker get going first: the link is asked for while the backlog drains.
    await t.smtp.waitForMail((m) => m.subject === "Bulk invitation", 10_000);
    const email = uniqueEmail("waiting");
    const requestedAt = Date.now();
    expect((await t.client().post("/api/v1/auth/sign-in-link", { email })).statusCode).toBe(202);
    const link = await t.smtp.waitForMail((m) => m.to === email, 10_000);
    const bulkBefore = t.smtp.messages.filter(
      (m) => m.subject === "Bulk invitation" && m.acceptedAt <= link.acceptedAt,
    );
    expect(bulkBefore.length).toBeLessThan(BULK / 2);
    // Time to inbox: request to acceptance by the SMTP server (one polling interval at most, 0.5 s).
    expect(link.acceptedAt - requestedAt).toBeLessThan(2_000);
    // The backlog is still delivered, all of it.
    await expect
      .poll(() => t.smtp.messages.filter((m) => m.subject === "Bulk invitation").length, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(BULK);
    const drained = await t.client().get("/readyz");
    expect(drained.json().mail).toMatchObject({ queued: 0, oldestQueuedSeconds: null, dead: 0 });
  });
});
