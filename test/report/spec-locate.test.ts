import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePointer, pointerLine } from "../../src/report/spec-locate.js";

const yamlText = readFileSync(fileURLToPath(new URL("./fixtures/openapi.yaml", import.meta.url)), "utf8");

describe("pointerLine", () => {
  it("finds operation keys in YAML", () => {
    expect(pointerLine(yamlText, "/paths/~1users~1{id}/get")).toBe(9);
    expect(pointerLine(yamlText, "/paths/~1config/get")).toBe(31);
    expect(pointerLine(yamlText, "#/paths/~1chat/post")).toBe(36);
    expect(pointerLine(yamlText, "/paths/~1users~1{id}/get/parameters/0")).toBe(12);
    expect(pointerLine(yamlText, "/paths/~1users~1%7Bid%7D/get")).toBe(9);
  });

  it("finds operation keys in JSON", () => {
    const json = JSON.stringify({ openapi: "3.1.0", paths: { "/a": { get: {} }, "/b~c": { put: { responses: {} } } } }, null, 2);
    expect(pointerLine(json, "/paths/~1a/get")).toBe(5);
    expect(pointerLine(json, "/paths/~1b~0c/put")).toBe(8);
  });

  it("returns null for what does not resolve or parse", () => {
    expect(pointerLine(yamlText, "/paths/~1nope/get")).toBeNull();
    expect(pointerLine(yamlText, "paths")).toBeNull();
    expect(pointerLine("{ not: [valid", "/paths")).toBeNull();
    expect(pointerLine("just a string", "/paths")).toBeNull();
    expect(parsePointer("")).toEqual([]);
  });
});
