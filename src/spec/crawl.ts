// Finds every `$ref` of a parsed document that the loader must resolve. Skips what is literal data
// (examples, defaults, enums, const) and `x-` extension content, whose `$ref`s are only counted.
import { isObject } from "./pointer.js";

export interface FoundRef {
  /** Path of the object holding `$ref`, from the document root. */
  tokens: string[];
  ref: string;
}

export interface CrawlResult {
  refs: FoundRef[];
  /** `$ref`s inside `x-` extensions, left unresolved: pointer of the extension → count. */
  extensionRefs: { tokens: string[]; count: number }[];
}

/** Keys whose object values map names to entries: an `x-` key there is a name, not an extension. */
const NAMED_MAPS = new Set([
  "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas", "parameters",
  "responses", "requestBodies", "headers", "securitySchemes", "securityDefinitions", "links", "callbacks",
  "content", "encoding", "variables", "pathItems", "webhooks",
]);

/** Values that are literal data, never references. */
const LITERAL_KEYS = new Set(["example", "default", "enum", "const"]);

/** Deeper than this is not a real API description; stop instead of overflowing the stack. */
export const MAX_DEPTH = 400;

type Mode = "normal" | "named" | "examples" | "example";

export function crawlRefs(root: unknown): CrawlResult {
  const refs: FoundRef[] = [];
  const extensionRefs: CrawlResult["extensionRefs"] = [];
  const path: string[] = [];

  const visit = (node: unknown, mode: Mode): void => {
    if (path.length > MAX_DEPTH || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item !== "object" || item === null) continue; // a literal: nothing below it
        path.push(String(i));
        visit(item, "normal");
        path.pop();
      }
      return;
    }
    const obj = node as Record<string, unknown>;
    if (mode !== "named" && typeof obj.$ref === "string") refs.push({ tokens: path.slice(), ref: obj.$ref });
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (typeof value !== "object" || value === null) continue;
      if (mode !== "named") {
        if (LITERAL_KEYS.has(key) || (key === "examples" && Array.isArray(value))) continue;
        if (mode === "example" && key === "value") continue;
        if (key.startsWith("x-")) {
          const count = countRefs(value, path.length);
          if (count > 0) extensionRefs.push({ tokens: [...path, key], count });
          continue;
        }
      }
      path.push(key);
      visit(value, childMode(mode, key, value));
      path.pop();
    }
  };
  visit(root, "normal");
  return { refs, extensionRefs };
}

function childMode(mode: Mode, key: string, value: unknown): Mode {
  if (mode === "named") return "normal";
  if (mode === "examples") return "example";
  if (key === "examples") return "examples";
  if (NAMED_MAPS.has(key) && isObject(value) && typeof value.$ref !== "string") return "named";
  return "normal";
}

function countRefs(node: unknown, depth: number): number {
  if (depth > MAX_DEPTH || typeof node !== "object" || node === null) return 0;
  let n = 0;
  if (Array.isArray(node)) {
    for (const v of node) n += countRefs(v, depth + 1);
    return n;
  }
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === "string") n++;
  for (const v of Object.values(obj)) n += countRefs(v, depth + 1);
  return n;
}
