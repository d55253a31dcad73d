// Slow clients cannot hold connections (issue 12, item 9): a request whose body stalls is answered
// 408 and closed once the request timeout has passed, and a process accepts at most its cap of
// connections. The app is built with a 1-second request timeout and a cap of 4 to keep this short
// (README "Connections and timeouts" gives the defaults).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portOf } from "../../setup/raw-http.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const REQUEST_TIMEOUT_MS = 1000;
const MAX_CONNECTIONS = 4;

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp({
    worker: false,
    listen: true,
    http: { requestTimeoutMs: REQUEST_TIMEOUT_MS, maxConnections: MAX_CONNECTIONS },
  });
  port = portOf(t.baseUrl);
});
afterAll(async () => {
  await t?.close();
});

type Outcome = { answer: string; closedAfterMs: number | null };

/** Connects, writes `bytes`, then sends nothing more; reports what came back and when the server closed. */
function stall(bytes: string, waitMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ answer, closedAfterMs: null });
    }, waitMs);
    socket.on("close", () => {
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    socket.on("error", (error) => {
      clearTimeout(giveUp);
      reject(error);
    });
  });
}

describe("a client that stops sending", () => {
  it("its body stalled after 10 of 100 bytes: 408 in the error shape and closed, within the timeout", async () => {
    const head = [
      "POST /api/v1/auth/sign-in-link HTTP/1.1",
      "Host: localhost",
      "Content-Type: application/json",
      "Content-Length: 100",
      "",
      "",
    ].join("\r\n");
    const outcome = await stall(`${head}{"email":"`, REQUEST_TIMEOUT_MS * 6);
    expect(outcome.closedAfterMs, "the connection was still open").not.toBeNull();
    expect(outcome.closedAfterMs!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(outcome.closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS * 3);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(outcome.answer.split("\r\n\r\n")[1] ?? "");
    expect(body.error.code).toBe("request_timeout");
  });

  it("its headers stalled half-way: closed within the timeout too", async () => {
    const outcome = await stall("GET /api/v1/me HTTP/1.1\r\nHost: local", REQUEST_TIMEOUT_MS * 6);
    expect(outcome.closedAfterMs, "the connection was still open").not.toBeNull();
    expect(outcome.closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS * 3);
  });
});

describe("connections per process", () => {
  it("past the cap a new connection is closed at once; below it, requests are answered", async () => {
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < MAX_CONNECTIONS; i++) {
        held.push(
          await new Promise<net.Socket>((resolve) => {
            const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
          }),
        );
      }
      const extra = await stall("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", REQUEST_TIMEOUT_MS / 2);
      expect(extra.closedAfterMs, "the connection past the cap was kept open").not.toBeNull();
      expect(extra.answer).toBe("");
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Once they are gone (the server sees them close a moment later), the process answers again.
    let again: Outcome = { answer: "", closedAfterMs: null };
    for (let attempt = 0; attempt < 20 && !again.answer.startsWith("HTTP/1.1 200 "); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await stall("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 3000);
    }
    expect(again.answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
