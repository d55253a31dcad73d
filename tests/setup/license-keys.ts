// S3: the committed TEST-ONLY key pairs in tests/fixtures/licenses/ (never used outside tests).
import fs from "node:fs";
import path from "node:path";
import { loadLicenseKeys } from "../../src/server/platform/licensing/license-keys.js";

export const LICENSE_FIXTURES = path.resolve(import.meta.dirname, "../fixtures/licenses");
export const fixtureText = (name: string) => fs.readFileSync(path.join(LICENSE_FIXTURES, name), "utf8");

/** The key every test app signs with (LICENSE_PRIVATE_KEY): fixed, so no test writes a key file. */
export const TEST_LICENSE_PRIVATE_KEY = fixtureText("test-private-key.pem");

/** LicenseKeys from a fixture key pair: "test", "retired" or "other". */
export function fixtureKeys(name: "test" | "retired" | "other", retiredPublicKeys: string | null = null) {
  return loadLicenseKeys({
    licensePrivateKey: fixtureText(name === "test" ? "test-private-key.pem" : `test-${name}-private-key.pem`),
    dataDir: "/nonexistent",
    retiredPublicKeys,
  });
}
