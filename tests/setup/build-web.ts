// Browser tests need the built web app: build it once per run.
import { build } from "vite";

export default async function setup(): Promise<void> {
  await build({ configFile: "vite.config.ts", logLevel: "warn" });
}
