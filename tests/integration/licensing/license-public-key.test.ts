// S3: GET /api/v1/license-public-key: public (no cookie), cacheable, and the key it publishes
// verifies a license the portal signed. With LICENSE_PUBLIC_KEYS, the retired keys are listed too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLicense, verifyLicense } from "../../../src/server/platform/licensing/license-format.js";
import { verifyingKeysFromPem } from "../../../src/server/platform/licensing/license-pem.js";
import { licensePublicKeySchema } from "../../../src/shared/licensing.js";
import { signedInUser } from "../../factories/users.js";
import { GOLDEN_PAYLOAD } from "../../fixtures/licenses/golden-payload.js";
import { fixtureKeys, fixtureText } from "../../setup/license-keys.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
let rotated: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
  rotated = await createTestApp({
    worker: false,
    env: { LICENSE_PUBLIC_KEYS: fixtureText("test-retired-public-key.pem") },
  });
});
afterAll(async () => {
  await t?.close();
  await rotated?.close();
});

describe("GET /api/v1/license-public-key (S3)", () => {
  it("answers without a cookie, cacheable for five minutes, with the key id", async () => {
    const res = await t.client().get("/api/v1/license-public-key");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
    expect(res.headers["set-cookie"]).toBeUndefined();
    const body = licensePublicKeySchema.parse(res.json());
    const testKey = fixtureKeys("test").current;
    expect(body).toEqual({
      alg: "ed25519",
      keyId: testKey.keyId,
      publicKeyPem: testKey.publicKeyPem,
      keys: [{ keyId: testKey.keyId, publicKeyPem: testKey.publicKeyPem, current: true }],
    });
  });

  it("the published key verifies a license the portal signed, and its key id is the key's own", async () => {
    const body = (await t.client().get("/api/v1/license-public-key")).json();
    const published = verifyingKeysFromPem(body.publicKeyPem);
    expect([...published.keys()]).toEqual([body.keyId]);
    const file = signLicense(t.runtime.licenseKeys, GOLDEN_PAYLOAD);
    expect(verifyLicense(file, published)).toMatchObject({ ok: true, keyId: body.keyId });
  });

  it("answers a signed-in user the same", async () => {
    const user = await signedInUser(t);
    const res = await user.client.get("/api/v1/license-public-key");
    expect(res.statusCode).toBe(200);
    expect(res.json().keyId).toBe(fixtureKeys("test").current.keyId);
  });

  it("lists retired keys (LICENSE_PUBLIC_KEYS) beside the current one, so old files still verify", async () => {
    const body = licensePublicKeySchema.parse((await rotated.client().get("/api/v1/license-public-key")).json());
    const retired = fixtureKeys("retired").current;
    expect(body.keyId).toBe(fixtureKeys("test").current.keyId);
    expect(body.keys).toContainEqual({ keyId: retired.keyId, publicKeyPem: retired.publicKeyPem, current: false });
    const all = verifyingKeysFromPem(body.keys.map((k) => k.publicKeyPem).join(""));
    expect(verifyLicense(fixtureText("retired-key.lic"), all)).toMatchObject({ ok: true, keyId: retired.keyId });
  });

  it("is a public operation in the OpenAPI document", async () => {
    const doc = (await t.client().get("/api/v1/openapi.json")).json();
    const operation = doc.paths?.["/api/v1/license-public-key"]?.get;
    expect(operation).toBeDefined();
    expect(operation.security).toEqual([]);
  });
});
