// The registry's invariants (ESLint's checkRuleFiles): ids unique, from the catalog, category matches,
// and every check is exercised by at least one test file. The catalog of record is the project's own
// (docs/checks/README.md, generated from check meta); the original wish list only adds its wildcards.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.js";
import { CATEGORY_IDS } from "../../src/core/types.js";

const INDEX = readFileSync(new URL("../../docs/checks/README.md", import.meta.url), "utf8");
const catalogIds = new Set([...INDEX.matchAll(/^\| \[([a-zA-Z]+\.[a-z0-9-]+)\]/gm)].map((m) => m[1] as string));
// The original wish list, as the project was given it (a copy: a clone has nothing beside it).
const ORIGINAL = new URL("../fixtures/CHECKS.original.md", import.meta.url);
for (const m of readFileSync(ORIGINAL, "utf8").matchAll(/^\| ([a-zA-Z]+\.[a-z0-9-*]+) \|/gm)) catalogIds.add(m[1] as string);

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? testFiles(p) : /\.test\.ts$/.test(name) ? [p] : [];
  });
}
const testText = testFiles(new URL("..", import.meta.url).pathname)
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");

describe("check registry", () => {
  it("has unique ids", () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(checks.map((c) => [c.meta.id, c] as const))("%s follows the catalog", (id, check) => {
    const [category, name] = id.split(".");
    expect(CATEGORY_IDS).toContain(check.meta.category);
    expect(category).toBe(check.meta.category);
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const wildcard = [...catalogIds].some((c) => c.endsWith("*") && id.startsWith(c.slice(0, -1)));
    expect(catalogIds.has(id) || wildcard, `${id} is not in the catalog (run npm run docs)`).toBe(true);
    expect(check.meta.title.length).toBeGreaterThan(5);
    expect(check.meta.description.length).toBeGreaterThan(20);
    expect(check.meta.remediation.summary.length).toBeGreaterThan(10);
    expect(Boolean(check.run) || Boolean(check.analyze)).toBe(true);
    expect(testText.includes(id), `no test mentions ${id}`).toBe(true);
  });
});
