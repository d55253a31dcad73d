// Every answer, the framework's own refusals included (a URL the router cannot decode, a path
// parameter past the router's length limit, no route, wrong content type, too large, unreadable
// HTTP), is in the error shape {"error":{"code","message","requestId"}}, carries x-request-id and
// the security headers, and never echoes the URL back (issue 12, item 8). Sent over a real socket.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portOf, type RawResponse, rawRequest } from "../../setup/raw-http.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp({ worker: false, listen: true });
  port = portOf(t.baseUrl);
});
afterAll(async () => {
  await t?.close();
});

const LONG_ID = "a".repeat(120);
const json = { "content-type": "application/json" };

const cases: {
  name: string;
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code: string;
  notEchoed?: string;
}[] = [
  {
    name: "bad percent-encoding in the path",
    method: "GET",
    target: "/api/v1/billing-accounts/%zz",
    status: 400,
    code: "invalid_url",
    notEchoed: "%zz",
  },
  {
    name: "bad percent-encoding in a page's path",
    method: "GET",
    target: "/sign-in/%E0%A4%A",
    status: 400,
    code: "invalid_url",
    notEchoed: "%E0%A4%A",
  },
  {
    name: "a 120-character path parameter",
    method: "GET",
    target: `/api/v1/billing-accounts/${LONG_ID}`,
    status: 414,
    code: "uri_too_long",
    notEchoed: LONG_ID,
  },
  {
    name: "a 120-character parameter on an unsafe route",
    method: "DELETE",
    target: `/api/v1/billing-accounts/${LONG_ID}/managers/${LONG_ID}`,
    status: 414,
    code: "uri_too_long",
    notEchoed: LONG_ID,
  },
  { name: "no such route", method: "GET", target: "/api/v1/nothing-here", status: 404, code: "not_found" },
  {
    name: "no such method on a route",
    method: "PUT",
    target: "/api/v1/auth/sign-in-link",
    status: 404,
    code: "not_found",
  },
  {
    name: "not JSON",
    method: "POST",
    target: "/api/v1/auth/sign-in-link",
    headers: { "content-type": "text/plain" },
    body: "hello",
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a body past 64 KiB",
    method: "POST",
    target: "/api/v1/auth/sign-in-link",
    headers: json,
    body: JSON.stringify({ email: "a@example.com", pad: "x".repeat(70 * 1024) }),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "malformed JSON",
    method: "POST",
    target: "/api/v1/auth/sign-in-link",
    headers: json,
    body: '{"email":',
    status: 400,
    code: "invalid_json",
  },
];

function expectShapedError(res: RawResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.requestId).toBeTruthy();
  expect(res.headers["x-request-id"]).toBe(body.error.requestId);
  expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
}

describe("the framework's own refusals, in the error shape with the headers", () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const res = await rawRequest(port, c.method, c.target, {
        ...(c.headers ? { headers: c.headers } : {}),
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      expectShapedError(res, c.status, c.code);
      if (c.notEchoed) expect(res.body).not.toContain(c.notEchoed);
    });
  }

  it("keeps a request id the client sent", async () => {
    const res = await rawRequest(port, "GET", "/api/v1/billing-accounts/%zz", {
      headers: { "x-request-id": "trace-42" },
    });
    expectShapedError(res, 400, "invalid_url");
    expect(res.json().error.requestId).toBe("trace-42");
  });
});

/** Writes bytes as given and reads the answer until the server closes the connection. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("HTTP the server cannot read at all", () => {
  it("a malformed header line → 400 in the error shape with the headers, connection closed", async () => {
    const answer = await rawExchange("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n");
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\ncontent-security-policy: default-src 'self'/i);
    expect(head).toMatch(/\r\nx-content-type-options: nosniff/i);
    const requestId = /\r\nx-request-id: ([^\r]+)/i.exec(head)?.[1];
    expect(requestId).toBeTruthy();
    expect(JSON.parse(body)).toEqual({
      error: { code: "bad_request", message: expect.any(String), requestId },
    });
  });
});
