// What a command reads and writes, so the license commands run in-process in tests with their
// own streams and environment (the other commands use the process's directly).
import fs from "node:fs";

export type CliIo = {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The working directory, for relative paths and ./billfold-instance-id. */
  cwd: string;
  readStdin(): Promise<string>;
  fetch: typeof fetch;
};

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
  },
  fetch: (...args) => fetch(...args),
};

/** A file's text, or null with the reason written to stderr. */
export function readTextFile(io: CliIo, file: string, what: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    io.err(`Cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return null;
  }
}
