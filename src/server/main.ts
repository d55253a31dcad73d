#!/usr/bin/env node
// Process entry: `billfold serve | worker | migrate | staff add EMAIL --role R | seed --demo`.
import { runCli } from "./cli/cli.js";

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
