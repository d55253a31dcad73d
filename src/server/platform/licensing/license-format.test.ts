// S3: the license file format: what signLicense writes verifies, and anything else is refused with
// its own reason. Keys are made here; the committed golden files are tested in
// tests/integration/licensing/license-files.test.ts.
import { generateKeyPairSync, sign, verify } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LicenseKeys, LicensePayload } from "./license.js";
import { canonicalJson, LICENSE_BEGIN, LICENSE_END, signLicense, verifyLicense } from "./license-format.js";
import { licenseExpiresAt } from "./license-payload.js";
import { toLicenseKey } from "./license-pem.js";

function newKeys(): LicenseKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const current = { ...toLicenseKey(publicKey), privateKey };
  return { current, verifying: new Map([[current.keyId, current]]) };
}

const keys = newKeys();
const PAYLOAD: Omit<LicensePayload, "keyId"> = {
  v: 1,
  licenseId: "3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098",
  licensee: { name: "Zoë Ångström", company: "Ünïcode GmbH", email: "zoe@example.com" },
  plan: { id: "ultimate", name: "Ultimate" },
  seats: 25,
  subscriptions: [{ number: "A-S00000007", start: "2026-03-01", end: "2027-03-01" }],
  instanceId: "b6d1c0de-0000-4000-8000-000000000001",
  issuedAt: "2026-12-01T12:00:00.000Z",
  expiresAt: "2027-03-15T00:00:00.000Z",
};

/** The envelope {payload, sig, alg} inside a file, and a file around any JSON text. */
const envelopeOf = (text: string) =>
  JSON.parse(Buffer.from(text.split("\n").slice(1, -2).join(""), "base64").toString("utf8"));
const armorJson = (json: string) =>
  `${LICENSE_BEGIN}\n${Buffer.from(json)
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n")}\n${LICENSE_END}\n`;

describe("license files (S3)", () => {
  const file = signLicense(keys, PAYLOAD);

  it("verifies what it signs, naming the key, and reads back the payload with the key id", () => {
    const result = verifyLicense(file, keys.verifying, new Date("2026-12-02T00:00:00Z"));
    expect(result).toEqual({
      ok: true,
      keyId: keys.current.keyId,
      expired: false,
      payload: { ...PAYLOAD, keyId: keys.current.keyId },
    });
  });

  it("is a text block: BEGIN and END lines around base64 wrapped at 64 columns", () => {
    const lines = file.trimEnd().split("\n");
    expect(lines[0]).toBe("-----BEGIN BILLFOLD LICENSE-----");
    expect(lines.at(-1)).toBe("-----END BILLFOLD LICENSE-----");
    for (const line of lines.slice(1, -2)) expect(line).toMatch(/^[A-Za-z0-9+/]{64}$/);
    expect(Object.keys(envelopeOf(file)).sort()).toEqual(["alg", "payload", "sig"]);
    expect(envelopeOf(file).alg).toBe("ed25519");
  });

  it("signs 'license/' + the payload field (domain separation)", () => {
    const { payload, sig } = envelopeOf(file);
    const publicKey = keys.current.publicKey;
    expect(verify(null, Buffer.from(`license/${payload}`), publicKey, Buffer.from(sig, "base64"))).toBe(true);
    expect(verify(null, Buffer.from(payload), publicKey, Buffer.from(sig, "base64"))).toBe(false);
  });

  it("reports expiry apart from the signature: valid until expiresAt, then expired", () => {
    expect(verifyLicense(file, keys.verifying, new Date("2027-03-14T23:59:59Z"))).toMatchObject({
      ok: true,
      expired: false,
    });
    expect(verifyLicense(file, keys.verifying, new Date("2027-03-15T00:00:00Z"))).toMatchObject({
      ok: true,
      expired: true,
    });
  });

  it("keeps the file's expiry apart from the subscription's end: the last end plus the grace period", () => {
    expect(licenseExpiresAt(["2027-03-01", "2026-06-01"])).toBe("2027-03-15T00:00:00.000Z");
  });

  it("canonical JSON: the payload's key order never changes the file or its signature", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.keys(PAYLOAD), { minLength: Object.keys(PAYLOAD).length }), (order) => {
        const reordered = Object.fromEntries(order.map((key) => [key, PAYLOAD[key as keyof typeof PAYLOAD]]));
        expect(signLicense(keys, reordered as typeof PAYLOAD)).toBe(file);
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = canonicalJson(value);
        expect(canonicalJson(JSON.parse(json))).toBe(json);
      }),
    );
  });

  it("refuses any one changed character of the file", () => {
    fc.assert(
      fc.property(fc.nat(file.length - 2), fc.constantFrom(..."AZaz09+/=-x \n"), (at, replacement) => {
        fc.pre(file[at] !== replacement);
        const changed = file.slice(0, at) + replacement + file.slice(at + 1);
        expect(verifyLicense(changed, keys.verifying).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["text before the block", (f: string) => `hello\n${f}`],
    ["text after the block", (f: string) => `${f}garbage\n`],
    ["a second block after the first", (f: string) => f + f],
    ["a blank line inside", (f: string) => f.replace("\n", "\n\n")],
    ["a space at the end of a line", (f: string) => f.replace("\n", " \n")],
    ["leading spaces", (f: string) => `  ${f}`],
    [
      "a line rewrapped at 76 columns",
      (f: string) => {
        const body = f.split("\n").slice(1, -2).join("");
        return `${LICENSE_BEGIN}\n${body.match(/.{1,76}/g)!.join("\n")}\n${LICENSE_END}\n`;
      },
    ],
  ])("refuses whitespace and framing tricks: %s (malformed)", (_name, mangle) => {
    expect(verifyLicense(mangle(file), keys.verifying)).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts the file saved with CRLF line ends or without its final newline (the bytes signed are unchanged)", () => {
    expect(verifyLicense(file.replaceAll("\n", "\r\n"), keys.verifying)).toMatchObject({ ok: true });
    expect(verifyLicense(file.trimEnd(), keys.verifying)).toMatchObject({ ok: true });
  });

  it("refuses an envelope that is not exactly the canonical one: spaces, other key order, extra fields", () => {
    const envelope = envelopeOf(file);
    const cases = [
      JSON.stringify(envelope, null, 1),
      JSON.stringify({ sig: envelope.sig, payload: envelope.payload, alg: envelope.alg }),
      canonicalJson({ ...envelope, kid: keys.current.keyId }),
      canonicalJson({ payload: envelope.payload, sig: envelope.sig }),
      canonicalJson({ ...envelope, sig: `${envelope.sig}\n` }),
      canonicalJson({ ...envelope, payload: envelope.payload.replace(/=*$/, "") }),
      canonicalJson([envelope]),
    ];
    for (const json of cases)
      expect(verifyLicense(armorJson(json), keys.verifying)).toEqual({ ok: false, reason: "malformed" });
  });

  it("names each failure: not a license, unknown alg, unknown key id, bad signature, invalid payload", () => {
    const envelope = envelopeOf(file);
    expect(verifyLicense("hello", keys.verifying)).toEqual({ ok: false, reason: "not_a_license" });
    expect(verifyLicense(armorJson(canonicalJson({ ...envelope, alg: "none" })), keys.verifying)).toEqual({
      ok: false,
      reason: "unknown_alg",
    });
    expect(verifyLicense(file, newKeys().verifying)).toEqual({ ok: false, reason: "unknown_key_id" });
    const otherPrefix = sign(null, Buffer.from(`invoice/${envelope.payload}`), keys.current.privateKey).toString(
      "base64",
    );
    expect(verifyLicense(armorJson(canonicalJson({ ...envelope, sig: otherPrefix })), keys.verifying)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    // Signed by the key, but not a LicensePayload (an extra field): refused even so.
    const odd = Buffer.from(canonicalJson({ ...PAYLOAD, keyId: keys.current.keyId, admin: true })).toString("base64");
    const oddSig = sign(null, Buffer.from(`license/${odd}`), keys.current.privateKey).toString("base64");
    expect(
      verifyLicense(armorJson(canonicalJson({ alg: "ed25519", payload: odd, sig: oddSig })), keys.verifying),
    ).toEqual({
      ok: false,
      reason: "invalid_payload",
    });
  });

  it("refuses to sign a payload that is not a LicensePayload", () => {
    expect(() => signLicense(keys, { ...PAYLOAD, seats: 0 })).toThrow();
    expect(() => signLicense(keys, { ...PAYLOAD, expiresAt: PAYLOAD.issuedAt })).toThrow();
  });
});
