// Issue 13: the API document tells a client what can go wrong (every operation's error answers,
// in the one error shape), how to authenticate (the session cookie, the Origin rule), and says it
// in plain words (no DESIGN.md rule numbers in summaries). The error answers documented are the
// ones the portal gives: each operation is called anonymously and signed in, with nonsense input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATION_ERRORS } from "../../../src/server/app/openapi.js";
import { signedInUser } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

type Operation = {
  summary?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { $ref?: string }>;
  security?: Record<string, string[]>[];
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { properties?: Record<string, unknown> }> }>;
    responses: Record<string, { content: { "application/json": { schema: { $ref: string } } } }>;
    securitySchemes: Record<string, { type: string; in: string; name: string }>;
  };
};

let t: TestApp;
let doc: Document;
const operations: { method: string; path: string; key: string; op: Operation }[] = [];

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  const response = await t.client().get("/api/v1/openapi.json");
  expect(response.statusCode).toBe(200);
  doc = response.json();
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      operations.push({ method, path, key: `${method.toUpperCase()} ${path}`, op });
    }
  }
});
afterAll(async () => {
  await t?.close();
});

const errorStatuses = (op: Operation) => Object.keys(op.responses).filter((s) => Number(s) >= 400);

describe("the OpenAPI document", () => {
  it("documents the session cookie, the Origin rule and the one error shape", () => {
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "billfold_session",
    });
    expect(doc.components.securitySchemes.sameOrigin).toMatchObject({ type: "apiKey", in: "header", name: "Origin" });
    const error = doc.components.schemas.Error?.properties?.error?.properties ?? {};
    expect(Object.keys(error)).toEqual(["code", "message", "details", "requestId"]);
  });

  it("lists the error answers of every operation, each in the error shape", () => {
    expect(operations.length).toBeGreaterThan(25);
    for (const { key, op, method } of operations) {
      const statuses = errorStatuses(op);
      expect(statuses, key).toContain("500");
      if (op.requestBody) expect(statuses, key).toEqual(expect.arrayContaining(["400", "413", "415"]));
      if (op.parameters?.some((p) => p.in === "path")) expect(statuses, key).toContain("404");
      if (method !== "get") expect(statuses, key).toContain("403");
      for (const status of statuses) {
        const ref = op.responses[status]?.$ref ?? "";
        const response = doc.components.responses[ref.replace("#/components/responses/", "")];
        expect(response?.content["application/json"].schema.$ref, `${key} ${status}`).toBe(
          "#/components/schemas/Error",
        );
      }
    }
  });

  it("marks the operations that need a session, and the Origin rule on their changes", () => {
    const signedIn = operations.filter(({ op }) => (op.security ?? []).length > 0);
    expect(signedIn.map((o) => o.key)).toEqual(
      expect.arrayContaining(["GET /api/v1/me", "POST /api/v1/auth/sign-out"]),
    );
    expect(signedIn.map((o) => o.key)).not.toContain("POST /api/v1/auth/sign-in-link");
    for (const { key, op, method } of signedIn) {
      expect(errorStatuses(op), key).toContain("401");
      const schemes = Object.keys(op.security?.[0] ?? {});
      expect(schemes, key).toEqual(method === "get" ? ["sessionCookie"] : ["sessionCookie", "sameOrigin"]);
    }
  });

  it("has summaries in plain words, the rule numbers moved to the description", () => {
    for (const { key, op } of operations) {
      expect(op.summary, key).toBeTruthy();
      expect(op.summary, key).not.toMatch(/\b[IABSREU]{1,2}\d+\b/);
    }
    const remove = operations.find((o) => o.key === "DELETE /api/v1/billing-accounts/{id}/managers/{userId}");
    expect(remove?.op).toMatchObject({ description: expect.stringContaining("A3, A7") });
  });

  it("names only operations that exist in its table of per-operation errors", () => {
    const keys = new Set(operations.map((o) => o.key));
    for (const key of Object.keys(OPERATION_ERRORS)) expect(keys.has(key), key).toBe(true);
  });

  it("documents every error the portal answers to anonymous and signed-in calls with nonsense input", async () => {
    const undocumented: string[] = [];
    for (const { method, path, key, op } of operations) {
      // A new session each time: the sign-out operations end theirs.
      const callers: [string, TestClient][] = [
        ["anonymous", t.client()],
        ["signed in", (await signedInUser(t)).client],
      ];
      const url = path
        .replace("{provider}", "gitlab")
        .replace("{token}", "x".repeat(43))
        .replace(/\{[A-Za-z]+\}/g, "00000000-0000-4000-8000-000000000000");
      // An empty body, and one with an unknown token (what the token routes read).
      const bodies = op.requestBody ? [{}, { token: "x".repeat(43) }] : [undefined];
      for (const [who, client] of callers) {
        for (const body of bodies) {
          const verb = method.toUpperCase() as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
          const response = await client.request(verb, url, body);
          if (response.statusCode >= 400 && !(String(response.statusCode) in op.responses)) {
            undocumented.push(`${key} (${who}): ${response.statusCode} ${response.body}`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
