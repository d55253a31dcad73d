import { defineConfig } from "vitest/config";

// Two projects: `server` (unit and integration tests against PGlite, or PostgreSQL when
// DATABASE_URL is set; each test file gets its own copy of one migrated template database) and
// `e2e` (the built web app in Debian's Chromium through Playwright).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "server",
          include: ["src/**/*.test.ts", "tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.e2e.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts", "tests/setup/build-web.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
