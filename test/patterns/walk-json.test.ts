import { describe, expect, it } from "vitest";
import { walkJson, type Json } from "../../src/patterns/text.js";

const leaves = (root: Json, maxLeaves?: number, maxDepth?: number) =>
  [...walkJson(root, maxLeaves, maxDepth)].map((l) => [l.key, l.path, l.value]);

describe("walkJson", () => {
  it("visits leaves depth-first in document order with dotted paths; array items inherit their parent's key", () => {
    const doc = { user: { name: "ann", roles: ["admin", "dev"] }, "": { x: 1 }, ok: true, none: null };
    expect(leaves(doc)).toEqual([
      ["name", "user.name", "ann"],
      ["roles", "user.roles.0", "admin"],
      ["roles", "user.roles.1", "dev"],
      ["x", ".x", 1],
      ["ok", "ok", true],
      ["none", "none", null],
    ]);
  });

  it("a scalar root is one leaf with an empty path and no key", () => {
    expect(leaves("text")).toEqual([[null, "", "text"]]);
  });

  it("keeps at most 12 path segments while still walking deeper", () => {
    let deep: Json = { leaf: "v" };
    for (let i = 14; i >= 1; i--) deep = { [`k${i}`]: deep };
    const [[key, path, value]] = leaves(deep) as [[string, string, string]];
    expect(key).toBe("leaf");
    expect(path).toBe(Array.from({ length: 12 }, (_, i) => `k${i + 1}`).join("."));
    expect(value).toBe("v");
  });

  it("ignores nesting beyond maxDepth and stops after maxLeaves", () => {
    expect(leaves({ a: 1, b: { c: 2, d: { e: 3 } } }, 100, 2)).toEqual([
      ["a", "a", 1],
      ["c", "b.c", 2],
    ]);
    expect(leaves([1, 2, 3, 4], 2)).toEqual([
      [null, "0", 1],
      [null, "1", 2],
    ]);
  });

  it("walks that differ only in how many leaves they take share one walk of the body, cut to each limit", () => {
    const body: Json = { items: Array.from({ length: 30_000 }, (_, i) => ({ id: i })) };
    const all = walkJson(body, 50_000);
    expect(all).toHaveLength(30_000);
    expect(walkJson(body, 50_000, 16)).toBe(all); // any depth past the 12 kept segments walks the same leaves
    const first = walkJson(body, 20_000, 16);
    expect(first).toEqual(all.slice(0, 20_000));
    expect(first[19_999]).toEqual({ key: "id", path: "items.19999.id", value: 19_999 });
    expect(walkJson(body, 100_000)).toHaveLength(30_000); // past the shared limit: a walk of its own
    expect(walkJson(body, 100_000)).not.toBe(all);
  });

  it("walks a 100,000-deep nesting without recursion", () => {
    let deep: Json = "bottom";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const all = [...walkJson(deep)];
    expect(all).toHaveLength(1);
    expect(all[0]!.path.split(".")).toHaveLength(12);
  });
});
