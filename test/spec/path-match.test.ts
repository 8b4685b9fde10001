import { describe, expect, it } from "vitest";
import { pathTemplateIndex } from "../../src/spec/path-match.js";

// The reference: one regex per template, `{name}` = one or more non-slash characters, the rest literal.
function naive(templates: string[], path: string): number[] {
  const out: number[] = [];
  templates.forEach((t, i) => {
    const source = t
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    if (new RegExp(`^${source}$`).test(path)) out.push(i);
  });
  return out;
}

describe("pathTemplateIndex", () => {
  const templates = [
    "/",
    "/users",
    "/users/{id}",
    "/users/{id}/orders/{orderId}",
    "/users/me",
    "/files/{name}.json",
    "/files/{name}.{ext}",
    "/v1.0/items",
    "/a/{}",
    "/odd/{x/y}",
    "/users/{userId}",
    "/search(1)",
  ];
  const paths = [
    "/",
    "",
    "/users",
    "/users/",
    "/users/42",
    "/users/me",
    "/users/42/orders/7",
    "/users/42/orders",
    "/files/report.json",
    "/files/report.tar.gz",
    "/files/.json",
    "/v1.0/items",
    "/v1x0/items",
    "/a/{}",
    "/a/b",
    "/odd/q",
    "/search(1)",
    "/users//orders/7",
  ];

  it("matches exactly what one regex per template matches, in template order", () => {
    const index = pathTemplateIndex(templates);
    for (const p of paths) {
      expect(index.matches(p), p).toEqual(naive(templates, p));
      expect(index.test(p), p).toBe(naive(templates, p).length > 0);
    }
  });

  it("answers for thousands of templates without trying each (a literal tree)", () => {
    const many = Array.from({ length: 5000 }, (_, i) => (i % 2 ? `/r${i}/{id}` : `/r${i}`));
    const index = pathTemplateIndex(many);
    expect(index.matches("/r4999/12")).toEqual([4999]);
    expect(index.matches("/r4998")).toEqual([4998]);
    expect(index.test("/r4998/1")).toBe(false);
    expect(index.test("/admin")).toBe(false);
  });
});
