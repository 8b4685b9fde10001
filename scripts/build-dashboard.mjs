// Bundles the dashboard (src/dashboard/client) into dist/dashboard: the page, one stylesheet, the entry
// script (shell, sign-in, targets) and one chunk per other view, loaded when it is first opened, so the first
// load stays small as views are added. Everything the browser loads comes from the Rampart server itself.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = `${root}src/dashboard/client/`;
const out = `${root}dist/dashboard/`;
// Chunk names carry a content hash: clear the old ones so the server serves only this build.
rmSync(`${out}assets`, { recursive: true, force: true });
mkdirSync(`${out}assets`, { recursive: true });
await build({
  entryPoints: { app: `${src}main.ts` },
  bundle: true,
  splitting: true,
  format: "esm",
  target: ["chrome110", "firefox115", "safari16"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  outdir: `${out}assets`,
  chunkNames: "[name]-[hash]",
  logLevel: "warning",
});
await build({ entryPoints: [`${src}style.css`], bundle: true, minify: true, outfile: `${out}assets/app.css`, logLevel: "warning" });
copyFileSync(`${src}index.html`, `${out}index.html`);
