// One process owns an embedded (PGlite) data directory. PGlite has no lock of its own: two
// processes on one directory each keep their own copy in memory and the last to write wins, so a
// `billfold staff add` next to a running portal reported success and was lost (issue 13).
// The owner holds `DATA_DIR/billfold.lock`, created exclusively, holding its pid and command; a
// lock whose pid is no longer alive (a killed process) is taken over.
import fs from "node:fs";
import path from "node:path";

export const LOCK_FILE = "billfold.lock";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly holder: string,
  ) {
    super(
      `${holder ? `billfold ${holder}` : "Another Billfold process"} is running on ${dataDir} (pid ${pid}); ` +
        "stop it first, or run this against PostgreSQL (DATABASE_URL).",
    );
  }
}

export type DataDirLock = { release(): void };

/** Lock files this process holds: a lock naming our own pid that is not one of these is stale (pid reused after a restart, as in a container). */
const held = new Set<string>();

/** What a lock file names as its owner; `holder` is the command, for the message. */
function readLock(file: string): { pid: number; holder: string } | null {
  try {
    const [pidLine = "", holder = ""] = fs.readFileSync(file, "utf8").split("\n");
    const pid = Number.parseInt(pidLine, 10);
    return Number.isInteger(pid) && pid > 0 ? { pid, holder: holder.trim() } : null;
  } catch {
    return null;
  }
}

/** The `billfold` subcommand this process runs (serve, staff…), or "" when it is something else (a test). */
function commandName(): string {
  const command = process.argv[2] ?? "";
  return /^[a-z]+$/.test(command) ? command : "";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(file: string, holder: string): boolean {
  try {
    const fd = fs.openSync(file, "wx");
    fs.writeSync(fd, `${process.pid}\n${holder}\n`);
    fs.closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Takes the data directory for this process, or throws DataDirLockedError naming the process that
 * has it. `holder` names this process's command (serve, staff, migrate…) for that message.
 */
export function lockDataDir(dataDir: string, holder: string = commandName()): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  if (!tryCreate(file, holder)) {
    const owner = readLock(file);
    const stale = !owner || (owner.pid === process.pid ? !held.has(file) : !isAlive(owner.pid));
    if (!stale) throw new DataDirLockedError(dataDir, owner.pid, owner.holder);
    fs.rmSync(file, { force: true });
    // Another process may have taken the stale lock over at the same moment: only one create wins.
    if (!tryCreate(file, holder)) {
      const winner = readLock(file);
      throw new DataDirLockedError(dataDir, winner?.pid ?? 0, winner?.holder ?? "");
    }
  }
  held.add(file);
  // A process that exits without closing the database (process.exit, an uncaught error) still
  // leaves the directory free; only a killed process leaves a stale lock, taken over above.
  const onExit = () => release();
  process.once("exit", onExit);
  function release(): void {
    if (!held.delete(file)) return;
    process.removeListener("exit", onExit);
    if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  }
  return { release };
}
