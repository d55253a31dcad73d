// CPU and memory of server processes from /proc (Linux): utime+stime from /proc/<pid>/stat and
// VmRSS from /proc/<pid>/status, sampled while a scenario runs; plus the whole machine's busy
// share from /proc/stat, which tells how much the other tenants of a shared machine took.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 overall)
  } catch {
    return null;
  }
}

export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const first = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = first.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export type ProcStats = {
  /** Server CPU, in percent of one core (summed over the server processes). */
  cpuPercent: number;
  rssMbMax: number;
  rssMbEnd: number;
  /** Share of all cores busy on the machine during the window (everything, other tenants too). */
  machineBusyPercent: number;
};

/** Samples `pids` until stop() is called. */
export function sampleProcesses(pids: number[], intervalMs = 500): { stop(): ProcStats } {
  const startedAt = Date.now();
  const startTicks = pids.map(cpuTicks);
  const startMachine = machineTicks();
  let rssMax = 0;
  const sample = () => {
    const total = pids.map(rssMb).reduce<number>((a, b) => a + (b ?? 0), 0);
    rssMax = Math.max(rssMax, total);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
      const used = pids
        .map((pid, i) => {
          const now = cpuTicks(pid);
          const before = startTicks[i];
          return now !== null && before != null ? now - before : 0;
        })
        .reduce((a, b) => a + b, 0);
      const endMachine = machineTicks();
      const machineTotal = endMachine.total - startMachine.total;
      return {
        cpuPercent: Math.round((used / CLOCK_TICKS / seconds) * 1000) / 10,
        rssMbMax: Math.round(rssMax * 10) / 10,
        rssMbEnd: Math.round(pids.map(rssMb).reduce<number>((a, b) => a + (b ?? 0), 0) * 10) / 10,
        machineBusyPercent:
          machineTotal > 0 ? Math.round(((endMachine.busy - startMachine.busy) / machineTotal) * 1000) / 10 : 0,
      };
    },
  };
}
