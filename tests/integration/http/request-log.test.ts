// Issue 13: at the default level (info) the console shows the real requests, not a line for every
// poll of the development mailbox, health probe or static asset; a failure is always shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: "info" }, logLines: lines });
});
afterAll(async () => {
  await t?.close();
});

function requestLines(): { level: number; url: string; statusCode: number }[] {
  return lines
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.msg === "request completed")
    .map((entry) => ({ level: entry.level, url: entry.req.url, statusCode: entry.statusCode }));
}

describe("request log at info", () => {
  it("has real requests and failures, not mailbox polls, health probes or assets", async () => {
    const client = t.client();
    for (let poll = 0; poll < 3; poll++) expect((await client.get("/api/v1/dev/mailbox")).statusCode).toBe(200);
    expect((await client.get("/healthz")).statusCode).toBe(200);
    expect((await client.get("/readyz")).statusCode).toBe(200);
    expect((await client.get("/api/v1/config")).statusCode).toBe(200);
    expect((await client.get("/api/v1/me")).statusCode).toBe(401);
    expect((await client.get("/api/v1/dev/mailbox?limit=0")).statusCode).toBe(400);
    // Served when the web app is built (npm run build); otherwise a 503, which is shown.
    const asset = await client.get("/favicon.svg");

    const logged = requestLines();
    expect(logged.map((l) => `${l.url} ${l.statusCode}`)).toEqual([
      "/api/v1/config 200",
      "/api/v1/me 401",
      "/api/v1/dev/mailbox 400",
      ...(asset.statusCode === 200 ? [] : [`/favicon.svg ${asset.statusCode}`]),
    ]);
    expect(logged.every((l) => l.level === 30)).toBe(true);
  });
});
