// Finds a Chromium on the machine and launches it through playwright-core (no browser download).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const SKIP_MESSAGE = "browser tests skipped: no Chromium found (set CHROMIUM_PATH or apt-get install chromium)";

/** `CHROMIUM_PATH` when set, else the first Chromium found in the usual places, else null. */
export function chromiumPath(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

let skipNoticePrinted = false;

/**
 * True when browser tests cannot run. Prints the skip notice once per process; with
 * `REQUIRE_BROWSER=1` a missing Chromium is an error instead of a skip.
 */
export function browserMissing(): boolean {
  if (chromiumPath() !== null) return false;
  if (process.env.REQUIRE_BROWSER === "1") {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)`);
  }
  if (!skipNoticePrinted) {
    skipNoticePrinted = true;
    console.warn(SKIP_MESSAGE);
  }
  return true;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(SKIP_MESSAGE);
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
