#!/usr/bin/env node
// The `isocline` command: runs the built CLI (npm run build first when working from a checkout).
import('../dist/esm/cli/main.js')
  .then((m) => m.main(process.argv))
  .catch((e) => {
    process.stderr.write(`isocline: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  });
