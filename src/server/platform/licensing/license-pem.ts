// S3: reading Ed25519 keys from PEM text, with a message a person can act on. Used by the
// configuration's checks and by the key loader; throws plain Errors (the caller names the source).
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import type { LicenseKey } from "./license.js";

const PUBLIC_KEY_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/** Key id: the first 16 hex characters of SHA-256 over the raw 32-byte public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: "jwk" });
  if (typeof jwk.x !== "string") throw new Error("not an Ed25519 public key");
  return createHash("sha256").update(Buffer.from(jwk.x, "base64url")).digest("hex").slice(0, 16);
}

export function toLicenseKey(publicKey: KeyObject): LicenseKey {
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

function describeType(key: KeyObject): string {
  return key.asymmetricKeyType ? `an ${key.asymmetricKeyType.toUpperCase()} key` : "not an asymmetric key";
}

/** A PKCS#8 PEM Ed25519 private key, or an Error saying what it is instead. */
export function parseEd25519PrivateKey(pem: string): KeyObject {
  if (!pem.includes("-----BEGIN PRIVATE KEY-----")) {
    throw new Error(
      "must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----); make one with `openssl genpkey -algorithm ed25519`",
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new Error("is not a readable PEM private key");
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(
      `must be an Ed25519 key, but it is ${describeType(key)}; make one with \`openssl genpkey -algorithm ed25519\``,
    );
  }
  return key;
}

/** One or more PEM Ed25519 public keys, concatenated (nothing but whitespace between them). */
export function parseEd25519PublicKeys(text: string): KeyObject[] {
  const blocks = text.match(PUBLIC_KEY_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error("must hold one or more PEM public keys (-----BEGIN PUBLIC KEY-----)");
  if (text.replace(PUBLIC_KEY_BLOCK, "").trim() !== "") {
    throw new Error("has text outside its -----BEGIN PUBLIC KEY----- blocks (only public keys belong here)");
  }
  return blocks.map((block, i) => {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: block, format: "pem" });
    } catch {
      throw new Error(`key ${i + 1} is not a readable PEM public key`);
    }
    if (key.asymmetricKeyType !== "ed25519")
      throw new Error(`key ${i + 1} must be an Ed25519 key, but it is ${describeType(key)}`);
    return key;
  });
}

/** Public keys by id, from PEM text (one or more keys): what an offline verifier trusts. */
export function verifyingKeysFromPem(text: string): Map<string, LicenseKey> {
  return new Map(parseEd25519PublicKeys(text).map((key) => [keyIdOf(key), toLicenseKey(key)]));
}
