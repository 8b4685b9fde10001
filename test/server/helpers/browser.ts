// Headless Chromium for the dashboard tests: where Debian puts it, and axe-core run inside a page.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

function findChromium(): string | null {
  const found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p)) ?? null;
  return found && spawnSync(found, ["--version"]).status === 0 ? found : null;
}

export const CHROMIUM = findChromium();
if (!CHROMIUM && process.env["RAMPART_REQUIRE_TOOLS"]) throw new Error("chromium is required here (apt-get install chromium)");

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

/** axe-core in the page (needs a context with bypassCSP); serious and critical violations, by rule and node. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate<AxeResult>('axe.run(document, { resultTypes: ["violations"] })');
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
}
