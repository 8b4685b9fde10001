// Builds the Action bundle from the current sources with the project's own build:action script, into a
// directory laid out like a checkout of the action (package.json beside action/dist/index.js).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Returns the path of the built index.js under `checkout`. */
export function buildBundle(checkout: string): string {
  const out = path.join(checkout, "action/dist/index.js");
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync("npm", ["run", "--silent", "build:action", "--", `--outfile=${out}`, "--log-level=warning"], { cwd: ROOT, stdio: "ignore" });
  copyFileSync(path.join(ROOT, "package.json"), path.join(checkout, "package.json"));
  return out;
}
