// B7: `billfold renewals run [--date]`, what cron (or an operator) calls: it reports what it did
// and exits 0; a malformed date is a usage error that runs nothing.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billfold-renewals-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function billfold(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("src/server/main.ts"), ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("billfold renewals run", () => {
  it("runs the day's steps and says what it did", async () => {
    const result = await billfold("renewals", "run", "--date", "2026-12-01");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Renewals for 2026-12-01: \d+ examined, 0 reminded, 0 renewed, 0 failed \(to retry\), 0 expired\.$/m,
    );
  }, 120_000);

  it("refuses a malformed date with the usage line", async () => {
    const result = await billfold("renewals", "run", "--date", "tomorrow");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: billfold renewals run [--date YYYY-MM-DD]");
  }, 60_000);
});
