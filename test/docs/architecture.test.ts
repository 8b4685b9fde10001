// docs/architecture.md must not drift: every source path it names exists.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);
const doc = readFileSync(new URL("docs/architecture.md", root), "utf8");
const paths = [...new Set([...doc.matchAll(/\b(src\/[A-Za-z0-9_./-]+)/g)].map((m) => (m[1] as string).replace(/[.,)]+$/, "")))];

describe("docs/architecture.md", () => {
  it("names source paths", () => {
    expect(paths.length).toBeGreaterThan(10);
  });
  it.each(paths)("%s exists", (p) => {
    expect(existsSync(new URL(p, root))).toBe(true);
  });
});
