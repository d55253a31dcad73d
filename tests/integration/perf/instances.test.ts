// Several instances (issue 5): two runtimes on one PostgreSQL database and one Redis, as two
// `billfold serve` processes behind a load balancer would be. A session made on one instance works
// on the other; a rate limit counted on one applies on the other; two workers on one queue deliver
// each job exactly once. PostgreSQL only (PGlite is one process's embedded database) and needs
// Redis (REDIS_URL, default redis://127.0.0.1:6379).
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../src/server/app/app.js";
import { createRuntime, type Runtime, startWorkers } from "../../../src/server/app/bootstrap.js";
import { change } from "../../../src/server/platform/change/change.js";
import { loadConfig } from "../../../src/server/platform/config.js";
import { openDatabase } from "../../../src/server/platform/db/client.js";
import { createLogger } from "../../../src/server/platform/logger.js";
import { uniqueEmail } from "../../factories/users.js";
import { TestClient } from "../../setup/http-client.js";
import { TEST_LICENSE_PRIVATE_KEY } from "../../setup/license-keys.js";
import { type SmtpCapture, startSmtpCapture } from "../../setup/smtp-capture.js";
import { openTestDatabase } from "../../setup/template-db.js";

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const skipReason = !databaseUrl
  ? "several-instances test skipped: it needs PostgreSQL (set DATABASE_URL); PGlite is one process's embedded database"
  : !(await redisReachable())
    ? `several-instances test skipped: Redis is not reachable at ${redisUrl} (set REDIS_URL)`
    : null;
if (skipReason) process.stdout.write(`${skipReason}\n`);

const BASE_URL = "http://localhost:3000";
type Instance = { runtime: Runtime; app: FastifyInstance; client(): TestClient };
let smtp: SmtpCapture;
let instances: Instance[] = [];

beforeAll(async () => {
  if (skipReason) return;
  smtp = await startSmtpCapture();
  const config = loadConfig({
    NODE_ENV: "test",
    BASE_URL,
    SMTP_URL: smtp.url,
    REDIS_URL: redisUrl,
    // Each test uses its own client address (X-Forwarded-For), so concurrent suites sharing this
    // Redis never count against the same per-IP limit. The test client stands in for one load
    // balancer in front of the instances.
    TRUST_PROXY: "1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    // S3: instances on one database sign with one key.
    LICENSE_PRIVATE_KEY: TEST_LICENSE_PRIVATE_KEY,
  });
  const first = await openTestDatabase();
  const second = await openDatabase({ databaseUrl: first.connectionString!, poolSize: 4 });
  for (const database of [second, first]) {
    const runtime = await createRuntime(config, {
      logger: createLogger(config.logLevel),
      database,
      migrate: false,
      pollingIntervalSeconds: 0.5,
    });
    const app = await buildApp(runtime);
    await app.ready();
    instances.push({ runtime, app, client: () => new TestClient(app, BASE_URL) });
  }
});

afterAll(async () => {
  // The instance on the test database's own handle closes last: closing it drops the database.
  for (const instance of instances) {
    await instance.app.close();
    await instance.runtime.close();
  }
  instances = [];
  await smtp?.close();
});

const ip = () => `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`;

describe.skipIf(skipReason !== null)("two instances sharing PostgreSQL and Redis", () => {
  it("a session made on one instance works on the other", async () => {
    const [a, b] = instances as [Instance, Instance];
    await startWorkers(a.runtime);
    const email = uniqueEmail("two-instances");
    const headers = { "x-forwarded-for": ip() };
    const onA = a.client();
    expect((await onA.post("/api/v1/auth/sign-in-link", { email }, headers)).statusCode).toBe(202);
    const mail = await smtp.waitForMail((m) => m.to === email.toLowerCase() || m.to === email);
    const token = new URL(smtp.linkIn(mail, "/sign-in/")).pathname.split("/").pop()!;
    expect((await onA.post("/api/v1/auth/sign-in-link/redeem", { token }, headers)).statusCode).toBe(200);

    const onB = b.client();
    onB.cookie = onA.cookie;
    const me = await onB.get("/api/v1/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(email);
  });

  it("a rate limit counted on one instance applies on the other", async () => {
    const [a, b] = instances as [Instance, Instance];
    const email = uniqueEmail("limited");
    const headers = { "x-forwarded-for": ip() };
    // 5 link requests per address per 15 minutes (README "Abuse limits"), spread over both.
    for (const instance of [a, b, a, b, a]) {
      expect((await instance.client().post("/api/v1/auth/sign-in-link", { email }, headers)).statusCode).toBe(202);
    }
    const refused = await b.client().post("/api/v1/auth/sign-in-link", { email }, headers);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("two workers on one queue deliver each job exactly once", async () => {
    const [a, b] = instances as [Instance, Instance];
    await startWorkers(b.runtime); // a's worker runs since the first test
    const run = randomBytes(4).toString("hex");
    const count = 20;
    await change(a.runtime.db, {
      lock: null,
      decide: async (tx) => {
        for (let i = 0; i < count; i++) {
          await a.runtime.outbox.send(tx, {
            to: `worker-${run}-${i}@example.com`,
            subject: `job ${run} ${i}`,
            paragraphs: [`Delivery check ${i}.`],
          });
        }
      },
    });
    const mine = () => smtp.messages.filter((m) => m.subject.startsWith(`job ${run} `));
    const deadline = Date.now() + 25_000;
    while (mine().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Give a duplicate delivery time to show up.
    await new Promise((r) => setTimeout(r, 1500));
    const subjects = mine().map((m) => m.subject);
    expect(subjects).toHaveLength(count);
    expect(new Set(subjects).size).toBe(count);
  }, 40_000);
});
