#!/usr/bin/env node
// `npx billfold …`: runs the compiled CLI (npm run build produces dist/).
import("../dist/server/main.js").catch((error) => {
  process.stderr.write(`billfold: ${error.message}\nRun \`npm run build\` first.\n`);
  process.exit(1);
});
