// S3: the license file format (docs/decisions/012-license-files.md).
//
//   -----BEGIN BILLFOLD LICENSE-----
//   base64 of canonical JSON {"alg":"ed25519","payload":"<base64 canonical JSON>","sig":"<base64>"}
//   -----END BILLFOLD LICENSE-----
//
// The signature covers "license/" + the payload field's base64 text: a signature over any other
// Billfold document (another prefix) never verifies as a license. Every layer is canonical (one
// byte string per license), so whitespace, reordered keys, extra fields or loose base64 are refused
// rather than normalised: what verifies is exactly what was signed.
import { sign, verify } from "node:crypto";
import canonicalize from "canonicalize";
import type { LicenseKey, LicenseKeys, LicensePayload } from "./license.js";
import { licensePayloadSchema } from "./license-payload.js";

export const LICENSE_BEGIN = "-----BEGIN BILLFOLD LICENSE-----";
export const LICENSE_END = "-----END BILLFOLD LICENSE-----";
export const LICENSE_ALG = "ed25519";
/** Domain separation: what the signature is over starts with this. */
export const LICENSE_SIGNING_PREFIX = "license/";
const LINE = 64;

export type LicenseFailure =
  | "not_a_license" // no BEGIN/END block at all
  | "malformed" // the block, its base64 or its JSON is not exactly what signLicense writes
  | "unknown_alg"
  | "unknown_key_id"
  | "bad_signature" // a changed byte, another key, or another domain prefix
  | "invalid_payload"; // signed, but not a LicensePayload (a signer's bug)

export type LicenseVerification =
  | { ok: true; payload: LicensePayload; keyId: string; expired: boolean }
  | { ok: false; reason: LicenseFailure };

export const LICENSE_FAILURE_MESSAGES: Record<LicenseFailure, string> = {
  not_a_license: "not a Billfold license (no BEGIN/END BILLFOLD LICENSE block)",
  malformed: "malformed license file (changed, truncated or with extra text)",
  unknown_alg: "unknown signature algorithm",
  unknown_key_id: "signed by a key that is not among the public keys given",
  bad_signature: "the signature does not match the contents",
  invalid_payload: "the signed contents are not a valid license",
};

/** Canonical JSON (RFC 8785): the same object always gives the same bytes, whatever its key order. */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new Error("canonicalJson: nothing to serialise");
  return json;
}

function signedBytes(payloadB64: string): Buffer {
  return Buffer.from(LICENSE_SIGNING_PREFIX + payloadB64, "utf8");
}

/** Signs the payload with the current key (whose id it names) and returns the file's text. */
export function signLicense(keys: LicenseKeys, payload: Omit<LicensePayload, "keyId">): string {
  const full = licensePayloadSchema.parse({ ...payload, keyId: keys.current.keyId });
  const payloadB64 = Buffer.from(canonicalJson(full), "utf8").toString("base64");
  const sig = sign(null, signedBytes(payloadB64), keys.current.privateKey).toString("base64");
  return armor(canonicalJson({ payload: payloadB64, sig, alg: LICENSE_ALG }));
}

function armor(envelopeJson: string): string {
  const body = Buffer.from(envelopeJson, "utf8").toString("base64");
  const lines = body.match(new RegExp(`.{1,${LINE}}`, "g")) ?? [];
  return `${LICENSE_BEGIN}\n${lines.join("\n")}\n${LICENSE_END}\n`;
}

/** Strict base64: the standard alphabet, padded, and the one encoding of its bytes. */
function decodeBase64(text: string): Buffer | null {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : null;
}

/** UTF-8 JSON that is exactly its own canonical form, or null. */
function parseCanonical(bytes: Buffer): unknown {
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    const value: unknown = JSON.parse(json);
    return canonicalize(value) === json ? value : null;
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The base64 body between the markers, or a failure. One final newline (LF or CRLF) is allowed. */
function unarmor(text: string): string | LicenseFailure {
  if (!text.includes(LICENSE_BEGIN) || !text.includes(LICENSE_END)) return "not_a_license";
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  if (lines.length < 3 || lines[0] !== LICENSE_BEGIN || lines.at(-1) !== LICENSE_END) return "malformed";
  const body = lines.slice(1, -1);
  const wrapped = body.every((line, i) =>
    i < body.length - 1 ? line.length === LINE : line.length >= 1 && line.length <= LINE,
  );
  return wrapped ? body.join("") : "malformed";
}

/**
 * Verifies a license file against the public keys a license may name. Expiry is not a failure:
 * a verified file says whether it has expired at `now`.
 */
export function verifyLicense(
  text: string,
  verifying: ReadonlyMap<string, LicenseKey>,
  now: Date = new Date(),
): LicenseVerification {
  const fail = (reason: LicenseFailure): LicenseVerification => ({ ok: false, reason });
  const body = unarmor(text);
  if (body === "not_a_license" || body === "malformed") return fail(body);
  const envelopeBytes = decodeBase64(body);
  const envelope = envelopeBytes && parseCanonical(envelopeBytes);
  if (!isRecord(envelope)) return fail("malformed");
  const fields = Object.keys(envelope).sort().join(",");
  if (fields !== "alg,payload,sig" || typeof envelope.payload !== "string" || typeof envelope.sig !== "string") {
    return fail("malformed");
  }
  if (envelope.alg !== LICENSE_ALG) return fail("unknown_alg");
  const payloadBytes = decodeBase64(envelope.payload);
  const sig = decodeBase64(envelope.sig);
  if (!payloadBytes || !sig || sig.length !== 64) return fail("malformed");
  // The key id is read before the signature is checked only to pick the key; nothing else is.
  const unverified = parseCanonical(payloadBytes);
  if (!isRecord(unverified) || typeof unverified.keyId !== "string") return fail("malformed");
  const key = verifying.get(unverified.keyId);
  if (!key) return fail("unknown_key_id");
  if (!verify(null, signedBytes(envelope.payload), key.publicKey, sig)) return fail("bad_signature");
  const parsed = licensePayloadSchema.safeParse(unverified);
  if (!parsed.success) return fail("invalid_payload");
  return {
    ok: true,
    payload: parsed.data,
    keyId: key.keyId,
    expired: now.getTime() >= Date.parse(parsed.data.expiresAt),
  };
}
