// Issue 13: on the embedded database one process owns the data directory. A command run next to
// a running portal must refuse (not report a change that is then lost), and succeed, keeping the
// change, once the portal has stopped. A lock left by a killed process is taken over.
// Runs the real command line in child processes; the database is always PGlite here.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/server/platform/db/client.js";
import { DataDirLockedError, LOCK_FILE } from "../../../src/server/platform/db/data-dir-lock.js";
import { emailKey } from "../../../src/shared/email.js";

// node itself (not the tsx wrapper, which runs node as a child) so the child's pid is the owner's.
const BILLFOLD = ["--import", "tsx", path.resolve("src/server/main.ts")];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billfold-lock-"));
const lockFile = path.join(dataDir, LOCK_FILE);
const children: ChildProcess[] = [];

/** Only what the command needs: vitest's own variables (BASE_URL, DATABASE_URL…) stay out. */
function childEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "silent",
  };
}

function billfold(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...BILLFOLD, ...args], { env: childEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `billfold serve` in a child process, resolved once it says it is running. */
function startPortal(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...BILLFOLD, "serve"], { env: childEnv() });
    children.push(child);
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Billfold is running")) resolve(child);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`serve exited (${code}) before running:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

async function staffRoleOf(email: string): Promise<string | null | undefined> {
  const handle = await openDatabase({ dataDir });
  try {
    const row = await handle.db
      .selectFrom("users")
      .select("staff_role")
      .where("email_key", "=", emailKey(email))
      .executeTakeFirst();
    return row?.staff_role;
  } finally {
    await handle.close();
  }
}

afterAll(async () => {
  for (const child of children) await stop(child);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded data directory has one owner", () => {
  let portalPid = 0;

  it("refuses staff add, migrate and seed while the portal runs, and keeps the grant once it has stopped", async () => {
    const portal = await startPortal();
    portalPid = portal.pid ?? 0;
    expect(fs.readFileSync(lockFile, "utf8")).toMatch(new RegExp(`^${portal.pid}\\n`));

    const refused = await billfold("staff", "add", "ops.lead@example.test", "--role", "admin");
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain("is now staff");
    expect(refused.stderr.trim()).toBe(
      `billfold serve is running on ${dataDir} (pid ${portal.pid}); stop it first, or run this against PostgreSQL (DATABASE_URL).`,
    );
    for (const args of [["migrate"], ["seed", "--demo"]]) {
      const other = await billfold(...args);
      expect(other.code, args.join(" ")).toBe(1);
      expect(other.stderr).toContain(`is running on ${dataDir} (pid ${portal.pid}); stop it first`);
    }

    expect(await stop(portal)).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);

    const granted = await billfold("staff", "add", "ops.lead@example.test", "--role", "admin");
    expect(granted.stderr).toBe("");
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain("ops.lead@example.test is now staff (admin)");
    expect(await staffRoleOf("ops.lead@example.test")).toBe("admin");
  }, 120_000);

  it("takes over a lock left by a process that is no longer running", async () => {
    expect(portalPid).toBeGreaterThan(0);
    fs.writeFileSync(lockFile, `${portalPid}\nserve\n`);
    expect(await staffRoleOf("ops.lead@example.test")).toBe("admin");
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it("refuses a second open of the same directory within one process", async () => {
    const first = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir });
    await again.close();
  });
});
