// I9 configuration: without OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET the OIDC routes
// answer 404; with a provider that cannot be reached the person is told, not shown a 500.
import { describe, expect, it } from "vitest";
import { signedInUser } from "../../factories/users.js";
import { createTestApp } from "../../setup/test-app.js";

describe("OIDC configuration", () => {
  it("without the three variables: config says disabled and start/callback answer 404; unlink still works", async () => {
    const t = await createTestApp({ worker: false });
    try {
      const client = t.client();
      expect((await client.get("/api/v1/config")).json().oidcEnabled).toBe(false);
      for (const url of [
        "/api/v1/auth/oidc/start",
        "/api/v1/auth/oidc/start?intent=link",
        "/api/v1/auth/oidc/callback?code=x&state=y",
      ]) {
        const res = await client.get(url);
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe("not_found");
      }
      const user = await signedInUser(t);
      expect((await user.client.get("/api/v1/me")).json().identities).toEqual([]);
      const unlink = await user.client.delete("/api/v1/me/identities/gitlab");
      expect(unlink.statusCode).toBe(404);
      expect(unlink.json().error.code).toBe("identity_not_found");
      // The routes are documented either way.
      const openapi = (await client.get("/api/v1/openapi.json")).json();
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          "/api/v1/auth/oidc/start",
          "/api/v1/auth/oidc/callback",
          "/api/v1/me/identities/{provider}",
        ]),
      );
    } finally {
      await t.close();
    }
  });

  it("a provider that cannot be reached sends the person back with provider_error and records it", async () => {
    const t = await createTestApp({
      worker: false,
      env: { OIDC_ISSUER: "http://127.0.0.1:9", OIDC_CLIENT_ID: "billfold", OIDC_CLIENT_SECRET: "secret" },
    });
    try {
      const client = t.client();
      expect((await client.get("/api/v1/config")).json().oidcEnabled).toBe(true);
      const res = await client.get("/api/v1/auth/oidc/start");
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe(`${t.baseUrl}/sign-in?oidc_error=provider_error`);
      expect(res.cookies.find((c) => c.name === "billfold_oidc")).toBeUndefined();
      const events = await t.db
        .selectFrom("events")
        .select(["summary"])
        .where("action", "=", "auth.sign_in_failed")
        .execute();
      expect(events.map((e) => (e.summary as { reason: string }).reason)).toEqual(["provider_error"]);
    } finally {
      await t.close();
    }
  });

  it("a plain-http issuer that is not on the loopback interface stops the portal at start-up", async () => {
    // It is never contacted: the configuration is refused, with the variable and the reason.
    await expect(
      createTestApp({
        worker: false,
        env: { OIDC_ISSUER: "http://gitlab.example", OIDC_CLIENT_ID: "billfold", OIDC_CLIENT_SECRET: "secret" },
      }),
    ).rejects.toThrow(/OIDC_ISSUER: must be an https:\/\/ URL/);
  });
});
