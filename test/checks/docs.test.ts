// Generated check docs are current: a changed meta without `npm run docs` fails here.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.js";
import { renderCheckDoc } from "../../src/report/check-docs.js";
import { renderCheckIndex } from "../../src/report/check-index.js";

const dir = new URL("../../docs/checks/", import.meta.url);

describe("docs/checks", () => {
  it.each(checks.map((c) => [c.meta.id, c.meta] as const))("%s page is current", (id, meta) => {
    const file = new URL(`${id}.md`, dir);
    expect(existsSync(file), `run npm run docs to create docs/checks/${id}.md`).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(renderCheckDoc(meta));
  });
  it("index lists every check as the generator would", () => {
    const index = readFileSync(new URL("README.md", dir), "utf8");
    const expected = renderCheckIndex(checks.map((c) => c.meta));
    for (const line of expected.split("\n").filter((l) => l.startsWith("| ["))) expect(index).toContain(line);
  });
});
