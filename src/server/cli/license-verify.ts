// S3: `billfold license verify FILE [--public-key PEMFILE]`: offline, no database. Exit 0: valid
// and not expired; 1: not a valid license (format, algorithm, key id, signature); 3: valid but
// expired; 2: usage, or the file or keys could not be read.
import path from "node:path";
import { ConfigError, loadConfig } from "../platform/config.js";
import type { LicenseKey } from "../platform/licensing/license.js";
import { LICENSE_FAILURE_MESSAGES, verifyLicense } from "../platform/licensing/license-format.js";
import { loadLicenseKeys } from "../platform/licensing/license-keys.js";
import { verifyingKeysFromPem } from "../platform/licensing/license-pem.js";
import { type CliIo, readTextFile } from "./cli-io.js";
import { licenseSummary } from "./license-summary.js";

export const VERIFY_USAGE = "Usage: billfold license verify FILE|- [--public-key PEMFILE]\n";
/** PEM text of the public key(s) to verify with, for scripts (instead of --public-key). */
export const PUBLIC_KEY_ENV = "BILLFOLD_LICENSE_PUBLIC_KEY";

export async function licenseVerify(args: string[], io: CliIo): Promise<number> {
  const [file, flag, keyFile, ...extra] = args;
  if (!file || extra.length > 0 || (flag !== undefined && (flag !== "--public-key" || !keyFile))) {
    io.err(VERIFY_USAGE);
    return 2;
  }
  const keys = verifyingKeys(io, keyFile);
  if (!keys) return 2;
  const text = file === "-" ? await io.readStdin() : readTextFile(io, path.resolve(io.cwd, file), "license file");
  if (text === null) return 2;

  const result = verifyLicense(text, keys);
  if (!result.ok) {
    io.out(`Signature:     INVALID: ${LICENSE_FAILURE_MESSAGES[result.reason]} (${result.reason})\n`);
    return 1;
  }
  io.out(licenseSummary(result.payload, result.expired));
  io.out(`Signature:     valid\n`);
  return result.expired ? 3 : 0;
}

/** --public-key, else $BILLFOLD_LICENSE_PUBLIC_KEY, else this installation's own keys. */
export function verifyingKeys(io: CliIo, keyFile: string | undefined): Map<string, LicenseKey> | null {
  const fromText = (pem: string, source: string) => {
    try {
      return verifyingKeysFromPem(pem);
    } catch (error) {
      io.err(`${source}: ${(error as Error).message}\n`);
      return null;
    }
  };
  if (keyFile) {
    const pem = readTextFile(io, path.resolve(io.cwd, keyFile), "public key file");
    return pem === null ? null : fromText(pem, keyFile);
  }
  const fromEnv = io.env[PUBLIC_KEY_ENV]?.trim();
  if (fromEnv) return fromText(fromEnv.replaceAll("\\n", "\n"), PUBLIC_KEY_ENV);
  try {
    const config = loadConfig(io.env);
    return loadLicenseKeys({
      licensePrivateKey: config.licensePrivateKey,
      dataDir: config.dataDir,
      retiredPublicKeys: config.licensePublicKeys,
      createIfMissing: false,
    }).verifying;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`${error.message}\nGive the public key with --public-key PEMFILE or ${PUBLIC_KEY_ENV}.\n`);
    return null;
  }
}
