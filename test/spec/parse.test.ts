// parseText's YAML path: js-yaml first, the `yaml` package for aliased collections and for errors, with
// the same values either way (YAML 1.2 core types, a repeated key keeps its later value).
import { describe, expect, it } from "vitest";
import { mayHoldRefs, parseText } from "../../src/spec/parse.js";
import { loadSpecText } from "../../src/spec/load.js";

const parse = (text: string) => parseText(text, "api.yaml", "yaml");

describe("YAML spec text", () => {
  it("keeps YAML 1.2 core types: dates and yes/no stay strings, numbers and null are typed", () => {
    expect(parse("a: 2024-01-02\nb: yes\nc: 0o17\nd: ~\ne: 1.5\nf: '007'\n")).toEqual({ a: "2024-01-02", b: "yes", c: 15, d: null, e: 1.5, f: "007" });
  });

  it("loads a repeated key with its later value instead of failing", () => {
    expect(parse("openapi: 3.0.0\ninfo: {title: a}\ninfo: {title: b}\n")).toEqual({ openapi: "3.0.0", info: { title: "b" } });
  });

  it("does not treat `<<` as a merge key (YAML 1.2)", () => {
    expect(parse("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n")).toEqual({ base: { x: 1 }, derived: { "<<": { x: 1 }, y: 2 } });
  });

  it("gives aliased collections as separate values, as the bounded parser does", () => {
    const value = parse("s: &s {type: string}\na: *s\nb: *s\n") as Record<string, object>;
    expect(value).toEqual({ s: { type: "string" }, a: { type: "string" }, b: { type: "string" } });
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    expect(() => parse(`${levels.join("\n")}\n`)).toThrow(/YAML alias expansion refused/);
  });

  it("reports a syntax error with its line and column", () => {
    expect(() => parse("openapi: 3.0.0\npaths:\n  /a:\n\tget: {}\n")).toThrow(/^api\.yaml: YAML syntax error at line 4, column 1: /);
    expect(() => parse("a: [1, 2\nb: 3\n")).toThrow(/api\.yaml: YAML syntax error at line \d+, column \d+/);
  });
});

describe("mayHoldRefs", () => {
  it("is false only for text that cannot spell a $ref key, escaped or not", () => {
    expect(mayHoldRefs('{"openapi":"3.0.3","paths":{}}')).toBe(false);
    expect(mayHoldRefs('{"a":{"$ref":"#/b"}}')).toBe(true);
    expect(mayHoldRefs('{"a":{"\\u0024ref":"#/b"}}')).toBe(true);
    expect(mayHoldRefs('a:\n  "\\x24ref": "#/b"\n')).toBe(true);
  });

  it("loading a document whose text escapes $ref still follows the reference", async () => {
    const text = JSON.stringify({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: { "/a": { get: { parameters: [{ $ref: "#/components/parameters/P" }], responses: { 200: { description: "ok" } } } } },
      components: { parameters: { P: { name: "q", in: "query", schema: { type: "string" } } } },
    }).replace('"$ref"', '"\\u0024ref"');
    const api = await loadSpecText("http://x.test/openapi.json", text, "application/json");
    expect(api.operations[0]!.parameters.map((p) => p.name)).toEqual(["q"]);
  });
});
