// The license commands in-process: their own streams, environment and working directory.
import type { CliIo } from "../../src/server/cli/cli-io.js";

export function capturedIo(options: { env?: NodeJS.ProcessEnv; cwd: string; stdin?: string }) {
  const captured = { stdout: "", stderr: "" };
  const io: CliIo = {
    out: (text) => {
      captured.stdout += text;
    },
    err: (text) => {
      captured.stderr += text;
    },
    env: options.env ?? {},
    cwd: options.cwd,
    readStdin: async () => options.stdin ?? "",
    fetch,
  };
  return { io, captured };
}
