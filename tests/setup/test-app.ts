// The real application on a fresh copy of the template database, with mail going to a real SMTP
// server in the test process. Used by integration tests (through inject) and browser tests
// (listening on a loopback port).
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/server/app/app.js";
import { createRuntime, type Runtime, startWorkers } from "../../src/server/app/bootstrap.js";
import type { HttpLimits } from "../../src/server/app/http-limits.js";
import { loadConfig } from "../../src/server/platform/config.js";
import type { Db } from "../../src/server/platform/db/client.js";
import { createLogger } from "../../src/server/platform/logger.js";
import { TestClient } from "./http-client.js";
import { TEST_LICENSE_PRIVATE_KEY } from "./license-keys.js";
import { type SmtpCapture, startSmtpCapture } from "./smtp-capture.js";
import { openTestDatabase } from "./template-db.js";

export type TestApp = {
  app: FastifyInstance;
  runtime: Runtime;
  db: Db;
  smtp: SmtpCapture;
  baseUrl: string;
  client(): TestClient;
  close(): Promise<void>;
};

export type TestAppOptions = {
  env?: Record<string, string>;
  /** Start the mail worker (default true). */
  worker?: boolean;
  /** Listen on a loopback port (browser tests). */
  listen?: boolean;
  /** Collect every log line (at LOG_LEVEL, default silent) here. */
  logLines?: string[];
  /** Timeouts and connection cap other than the defaults (slow-client tests use short ones). */
  http?: Partial<HttpLimits>;
  /** A slow SMTP server: each message is answered this much later. */
  smtpDelayMs?: number;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const smtp = await startSmtpCapture({ delayMs: options.smtpDelayMs });
  const port = options.listen ? await freePort() : 3000;
  const baseUrl = `http://localhost:${port}`;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({
      NODE_ENV: "test",
      BASE_URL: baseUrl,
      PORT: String(port),
      SMTP_URL: smtp.url,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      LICENSE_PRIVATE_KEY: TEST_LICENSE_PRIVATE_KEY,
      ...options.env,
    });
  } catch (error) {
    // A configuration the portal refuses at start-up (tested): leave nothing running.
    await smtp.close();
    throw error;
  }
  const database = await openTestDatabase();
  const runtime = await createRuntime(config, {
    logger: createLogger(
      config.logLevel,
      options.logLines ? { destination: { write: (line: string) => void options.logLines?.push(line) } } : {},
    ),
    database,
    migrate: false,
    pollingIntervalSeconds: 0.5,
  });
  const app = await buildApp(runtime, options.http ? { http: options.http } : {});
  if (options.worker !== false) await startWorkers(runtime);
  if (options.listen) await app.listen({ port, host: "127.0.0.1" });
  else await app.ready();
  return {
    app,
    runtime,
    db: runtime.db,
    smtp,
    baseUrl,
    client: () => new TestClient(app, baseUrl),
    async close() {
      await app.close();
      await runtime.close();
      await smtp.close();
    },
  };
}

/** Browser tests: the app listening on a loopback port. */
export async function startTestServer(options: { env?: Record<string, string> } = {}) {
  return createTestApp({ ...options, listen: true });
}
