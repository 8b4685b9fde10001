// Bundles the dashboard (src/dashboard/client) into dist/dashboard: one script, one stylesheet, the page.
// Everything the browser loads comes from the Rampart server itself; nothing from the internet.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = `${root}src/dashboard/client/`;
const out = `${root}dist/dashboard/`;
mkdirSync(`${out}assets`, { recursive: true });
await build({
  entryPoints: [`${src}main.ts`],
  bundle: true,
  format: "esm",
  target: ["chrome110", "firefox115", "safari16"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  outfile: `${out}assets/app.js`,
  logLevel: "warning",
});
await build({ entryPoints: [`${src}style.css`], bundle: true, minify: true, outfile: `${out}assets/app.css`, logLevel: "warning" });
copyFileSync(`${src}index.html`, `${out}index.html`);
