// Writes docs/checks/<id>.md for every registered check and docs/checks/README.md as the index.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { checks } from "../src/checks/index.js";
import { renderCheckDoc } from "../src/report/check-docs.js";
import { renderCheckIndex } from "../src/report/check-index.js";

const dir = new URL("../docs/checks/", import.meta.url);
mkdirSync(dir, { recursive: true });
const keep = new Set(checks.map((c) => `${c.meta.id}.md`).concat("README.md"));
for (const f of readdirSync(dir)) if (!keep.has(f)) rmSync(new URL(f, dir));
for (const c of checks) writeFileSync(new URL(`${c.meta.id}.md`, dir), renderCheckDoc(c.meta));
writeFileSync(new URL("README.md", dir), renderCheckIndex(checks.map((c) => c.meta)));
console.log(`wrote ${checks.length} check pages to docs/checks/`);
