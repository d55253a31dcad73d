// E1: mail is enqueued in the transaction of the change; the worker delivers with retries; a
// crash loses no committed email and a rollback sends none.
import net from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "../../../src/server/platform/db/transaction.js";
import {
  JOB_BATCH_SIZE,
  type JobQueue,
  type QueueDefinition,
  startJobQueue,
} from "../../../src/server/platform/jobs/queue.js";
import { createLogger } from "../../../src/server/platform/logger.js";
import { createOutbox, startMailWorker } from "../../../src/server/platform/mail/outbox.js";
import { createMailTransport } from "../../../src/server/platform/mail/transport.js";
import { uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
const started: JobQueue[] = [];
const logger = createLogger("silent");

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const jobs of started) await jobs.stop().catch(() => {});
  await t?.close();
});

/** A queue with short timings so retries and crash recovery happen within a test. */
async function fastQueue(name: string, overrides: Partial<QueueDefinition> = {}, pollingIntervalSeconds = 0.5) {
  const queue: QueueDefinition = { name, retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 2, ...overrides };
  const jobs = await startJobQueue(t.runtime.database, logger, [queue], {
    pollingIntervalSeconds,
    maintenanceIntervalSeconds: 1,
  });
  started.push(jobs);
  return { queue, jobs, outbox: createOutbox(jobs, queue) };
}

const smtpTransport = (url: string) =>
  createMailTransport({ smtpUrl: url, from: "Billfold <test@localhost>", db: t.db, logger, printLinks: false });

const jobCount = async (name: string) =>
  Number(
    (await sql<{ n: string }>`select count(*)::text as n from pgboss.job where name = ${name}`.execute(t.db)).rows[0]
      ?.n,
  );

describe("mail outbox", () => {
  it("a rolled-back transaction enqueues and sends nothing", async () => {
    const to = uniqueEmail("rollback");
    const before = await jobCount("mail");
    await expect(
      inTransaction(t.db, async (tx) => {
        await t.runtime.outbox.send(tx, { to, subject: "Should not arrive", paragraphs: ["x"] });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await jobCount("mail")).toBe(before);
    await inTransaction(t.db, (tx) =>
      t.runtime.outbox.send(tx, { to: uniqueEmail("marker"), subject: "Marker", paragraphs: ["x"] }),
    );
    await t.smtp.waitForMail((m) => m.subject === "Marker");
    expect(t.smtp.messages.filter((m) => m.to === to)).toHaveLength(0);
  });

  it("renders text and HTML with names and addresses escaped", async () => {
    const to = uniqueEmail("escape");
    await inTransaction(t.db, (tx) =>
      t.runtime.outbox.send(tx, {
        to,
        subject: "Escaping",
        paragraphs: ['Hello <script>alert("x")</script> & co'],
        action: { label: "Open", url: `${t.baseUrl}/x?a=1&b="2"` },
      }),
    );
    const mail = await t.smtp.waitForMail((m) => m.to === to);
    expect(mail.text).toContain('Hello <script>alert("x")</script> & co');
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
  });

  it("retries a delivery the SMTP server refused for now", async () => {
    const { jobs, outbox, queue } = await fastQueue("mail-retry-test");
    await startMailWorker(jobs, smtpTransport(t.smtp.url), logger, queue);
    t.smtp.failNext(1);
    const to = uniqueEmail("retry");
    await inTransaction(t.db, (tx) => outbox.send(tx, { to, subject: "After a retry", paragraphs: ["x"] }));
    const mail = await t.smtp.waitForMail((m) => m.to === to, 15_000);
    expect(mail.subject).toBe("After a retry");
  });

  it("delivers a burst in batches, and one refused delivery does not hold back the others", async () => {
    const { jobs, outbox, queue } = await fastQueue("mail-burst-test");
    await startMailWorker(jobs, smtpTransport(t.smtp.url), logger, queue);
    t.smtp.failNext(1);
    const recipients = Array.from({ length: 30 }, () => uniqueEmail("burst"));
    await inTransaction(t.db, async (tx) => {
      for (const to of recipients) await outbox.send(tx, { to, subject: "Burst", paragraphs: ["x"] });
    });
    const started = Date.now();
    // At one job per 0.5 s poll this would take 15 s; batches of ten take a few polls.
    for (const to of recipients) await t.smtp.waitForMail((m) => m.to === to, 20_000);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it("drains a backlog without waiting a polling interval between full batches", async () => {
    // A slow poll makes a wait visible: two and a half batches' worth of queued mail is three
    // fetches, so a worker that waited after each full batch would need two intervals (10 s)
    // before the last one.
    const { jobs, outbox, queue } = await fastQueue("mail-backlog-test", {}, 5);
    const recipients = Array.from({ length: 2.5 * JOB_BATCH_SIZE }, () => uniqueEmail("backlog"));
    await inTransaction(t.db, async (tx) => {
      for (const to of recipients) await outbox.send(tx, { to, subject: "Backlog", paragraphs: ["x"] });
    });
    const started = Date.now();
    await startMailWorker(jobs, smtpTransport(t.smtp.url), logger, queue);
    for (const to of recipients) await t.smtp.waitForMail((m) => m.to === to, 20_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives each mail a Message-ID made from its job, the same on every attempt", async () => {
    const { jobs, outbox, queue } = await fastQueue("mail-message-id-test");
    await startMailWorker(jobs, smtpTransport(t.smtp.url), logger, queue);
    t.smtp.failNext(1);
    const recipients = [uniqueEmail("message-id"), uniqueEmail("message-id")];
    await inTransaction(t.db, async (tx) => {
      for (const to of recipients) await outbox.send(tx, { to, subject: "Message-ID", paragraphs: ["x"] });
    });
    const ids = new Set<string>();
    for (const to of recipients) {
      const mail = await t.smtp.waitForMail((m) => m.to === to, 15_000);
      const job = await sql<{ id: string }>`select id::text from pgboss.job
        where name = 'mail-message-id-test' and data->>'to' = ${to}`.execute(t.db);
      // The domain of MAIL_FROM ("test@localhost"); one of the two was refused once and retried.
      expect(mail.messageId).toBe(`<${job.rows[0]?.id}@localhost>`);
      ids.add(mail.messageId);
    }
    expect(ids.size).toBe(2);
  });

  it("logs each failed attempt as a warning and the last one as an error, without the address", async () => {
    const lines: string[] = [];
    const captured = createLogger("info", { destination: { write: (line: string) => void lines.push(line) } });
    const { jobs, outbox, queue } = await fastQueue("mail-unreachable-test", { retryLimit: 1 });
    // A port nothing listens on: the SMTP server is unreachable.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = createMailTransport({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: "Billfold <test@localhost>",
      db: t.db,
      logger: captured,
      printLinks: false,
    });
    await startMailWorker(jobs, transport, captured, queue);
    const to = uniqueEmail("unreachable");
    const link = `${t.baseUrl}/sign-in/secret-token-that-must-not-be-logged`;
    await inTransaction(t.db, (tx) =>
      outbox.send(tx, { to, subject: "Unreachable", paragraphs: ["x"], action: { label: "Sign in", url: link } }),
    );
    const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    await expect.poll(() => entries().some((e) => e.level === 50), { timeout: 20_000, interval: 200 }).toBe(true);
    const warnings = entries().filter((e) => e.level === 40);
    const errors = entries().filter((e) => e.level === 50);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ queue: "mail-unreachable-test", attempt: 1, recipientDomain: "example.com" });
    expect(warnings[0]?.err).toMatch(/ECONNREFUSED/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ attempt: 2, jobId: warnings[0]?.jobId });
    const all = lines.join("\n");
    expect(all).not.toContain(to.split("@")[0]);
    expect(all).not.toContain("secret-token");
  });

  it("keeps a message that keeps failing in the dead-letter queue instead of dropping it", async () => {
    const { jobs, outbox, queue } = await fastQueue("mail-dead-test", { retryLimit: 1 });
    const refusing = net.createServer((socket) => socket.end("554 no service\r\n"));
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const port = (refusing.address() as net.AddressInfo).port;
    try {
      await startMailWorker(jobs, smtpTransport(`smtp://127.0.0.1:${port}`), logger, queue);
      await inTransaction(t.db, (tx) =>
        outbox.send(tx, { to: uniqueEmail("dead"), subject: "Undeliverable", paragraphs: ["x"] }),
      );
      await expect.poll(() => jobCount("mail-dead-test-dead"), { timeout: 20_000, interval: 500 }).toBe(1);
    } finally {
      refusing.close();
    }
  });

  it("a worker that dies mid-delivery loses nothing: another worker delivers after restart", async () => {
    const name = "mail-crash-test";
    // Worker A talks to an SMTP server that accepts the connection and never answers: the job is
    // active when A dies.
    const sockets = new Set<net.Socket>();
    const blackHole = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const port = (blackHole.address() as net.AddressInfo).port;
    const a = await fastQueue(name);
    await startMailWorker(a.jobs, smtpTransport(`smtp://127.0.0.1:${port}`), logger, a.queue);
    const to = uniqueEmail("crash");
    await inTransaction(t.db, (tx) => a.outbox.send(tx, { to, subject: "Survives a crash", paragraphs: ["x"] }));
    await expect
      .poll(
        async () =>
          (await sql<{ state: string }>`select state from pgboss.job where name = ${name}`.execute(t.db)).rows[0]
            ?.state,
        { timeout: 10_000, interval: 200 },
      )
      .toBe("active");
    // The crash: A stops without finishing or failing its job.
    await a.jobs.boss.stop({ graceful: false, wait: false });

    const b = await fastQueue(name);
    await startMailWorker(b.jobs, smtpTransport(t.smtp.url), logger, b.queue);
    const mail = await t.smtp.waitForMail((m) => m.to === to, 20_000);
    expect(mail.subject).toBe("Survives a crash");
    for (const socket of sockets) socket.destroy();
    blackHole.close();
  });
});
