// Fails when action/dist/index.js differs from a fresh build of the sources (the bundle runners execute
// must be the code in src/). Run before a release: npm run check:action.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(os.tmpdir(), "rampart-check-dist-"));
try {
  const fresh = path.join(dir, "index.js");
  execFileSync("npm", ["run", "--silent", "build:action", "--", `--outfile=${fresh}`, "--log-level=warning"], { stdio: "inherit" });
  if (!readFileSync(fresh).equals(readFileSync("action/dist/index.js"))) {
    console.error("action/dist/index.js is stale: run npm run build:action and commit it");
    process.exitCode = 1;
  } else console.log("action/dist/index.js matches the sources");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
