// S3: the process's license keys. The signing key comes from LICENSE_PRIVATE_KEY, or is generated
// once into DATA_DIR/license-key.pem; LICENSE_PUBLIC_KEYS are retired keys that still verify the
// files they signed (rotation). See docs/decisions/012-license-files.md.
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";
import type { LicenseKey, LicenseKeys } from "./license.js";
import { parseEd25519PrivateKey, parseEd25519PublicKeys, toLicenseKey } from "./license-pem.js";

export const LICENSE_KEY_FILE = "license-key.pem";

export type LicenseKeySources = {
  /** LICENSE_PRIVATE_KEY (PEM text), or null to use the key file in dataDir. */
  licensePrivateKey: string | null;
  dataDir: string;
  /** LICENSE_PUBLIC_KEYS: PEM text of retired public keys, or none. */
  retiredPublicKeys: string | null;
  /** False: a missing key file is an error instead of being made (`license verify` only reads). */
  createIfMissing?: boolean;
};

export function loadLicenseKeys(sources: LicenseKeySources): LicenseKeys {
  const privateKey = sources.licensePrivateKey
    ? parsePrivate(sources.licensePrivateKey, "LICENSE_PRIVATE_KEY")
    : keyFromDataDir(sources.dataDir, sources.createIfMissing !== false);
  const current = { ...toLicenseKey(createPublicKey(privateKey)), privateKey };
  const verifying = new Map<string, LicenseKey>();
  if (sources.retiredPublicKeys) {
    let retired: KeyObject[];
    try {
      retired = parseEd25519PublicKeys(sources.retiredPublicKeys);
    } catch (error) {
      throw new ConfigError(`Invalid configuration:\nLICENSE_PUBLIC_KEYS: ${(error as Error).message}`);
    }
    for (const key of retired) {
      const entry = toLicenseKey(key);
      verifying.set(entry.keyId, entry);
    }
  }
  verifying.set(current.keyId, current);
  return { current, verifying };
}

function parsePrivate(pem: string, source: string): KeyObject {
  try {
    return parseEd25519PrivateKey(pem);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n${source}: ${(error as Error).message}`);
  }
}

/**
 * The key in dataDir, made if missing. Made atomically: written whole to a temporary file (0600),
 * then hard-linked to its name, which fails if the name exists. Of two processes starting
 * together one links first; the other reads that key, so both sign with the same one.
 */
function keyFromDataDir(dataDir: string, createIfMissing: boolean): KeyObject {
  const file = path.join(dataDir, LICENSE_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing) return existing;
  if (!createIfMissing) {
    throw new ConfigError(`Invalid configuration:\nLICENSE_PRIVATE_KEY: unset, and there is no ${file} to read`);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, pem, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(temporary, file);
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another process made it first: use its key, so both sign with one.
    const theirs = readKeyFile(file);
    if (!theirs)
      throw new ConfigError(`Invalid configuration:\n${file}: appeared and vanished while it was being made`);
    return theirs;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function readKeyFile(file: string): KeyObject | null {
  let pem: string;
  try {
    pem = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return parsePrivate(pem, file);
}
