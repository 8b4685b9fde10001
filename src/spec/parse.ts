// Parses spec text as JSON or YAML with positions in errors; YAML alias expansion stays bounded.
// YAML goes through js-yaml first (several times faster on multi-MiB specs, see `npm run bench:spec`);
// the `yaml` package takes over for documents that alias collections (its expansion limit refuses alias
// bombs) and for anything js-yaml rejects, so errors keep their line and column.
import { CORE_SCHEMA, load as fastYamlLoad } from "js-yaml";
import { parseDocument } from "yaml";
import { SpecError } from "../core/errors.js";

export type FormatHint = "json" | "yaml" | "unknown";

/** Format from a file name or content type. */
export function formatHint(name: string, contentType = ""): FormatHint {
  const ct = contentType.toLowerCase();
  if (/\bjson\b/.test(ct)) return "json";
  if (/\byaml\b|\byml\b/.test(ct)) return "yaml";
  const path = name.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith(".json")) return "json";
  if (path.endsWith(".yaml") || path.endsWith(".yml")) return "yaml";
  return "unknown";
}

/**
 * False when the text cannot hold a `$ref` key once parsed: it never spells `$ref` and has no escape
 * sequence (a backslash) that could spell it, in JSON or YAML. Such a document needs no reference crawl.
 */
export function mayHoldRefs(text: string): boolean {
  return text.includes("$ref") || text.includes("\\");
}

/** Parses text; throws a one-line SpecError naming `name` and the first error position. */
export function parseText(text: string, name: string, hint: FormatHint): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const looksJson = /^\s*[{[]/.test(body);
  if (hint === "json" || (hint === "unknown" && looksJson)) {
    try {
      return JSON.parse(body);
    } catch (e) {
      const jsonError = jsonSyntaxError(e, body, name);
      if (hint === "json") throw jsonError;
      // Unknown format: JSON-looking YAML (flow style) is still YAML. Report JSON's error if both fail.
      try {
        return parseYaml(body, name);
      } catch {
        throw jsonError;
      }
    }
  }
  return parseYaml(body, name);
}

function jsonSyntaxError(e: unknown, text: string, name: string): SpecError {
  const raw = e instanceof Error ? e.message : String(e);
  const m = /at position (\d+)/.exec(raw);
  const detail = raw.replace(/\s*\(line \d+ column \d+\)/, "").replace(/\s+in JSON at position \d+.*$/, "");
  if (!m) return new SpecError(`${name}: JSON syntax error: ${oneLineOf(detail)}`, { cause: e });
  const pos = Number(m[1]);
  const { line, col } = lineCol(text, pos);
  return new SpecError(`${name}: JSON syntax error at line ${line}, column ${col} (position ${pos}): ${oneLineOf(detail)}`, {
    cause: e,
  });
}

function parseYaml(text: string, name: string): unknown {
  let value: unknown;
  try {
    // Core schema: the YAML 1.2 types the `yaml` package gives (no timestamps, no merge keys); `json`
    // lets a repeated key win as the later value instead of failing, as `uniqueKeys: false` does.
    value = fastYamlLoad(text, { schema: CORE_SCHEMA, json: true, filename: name });
  } catch {
    return parseYamlSlow(text, name); // it either loads the document or says where it breaks
  }
  // js-yaml shares one object per anchor and has no limit on aliases: documents that use them are
  // parsed again by the parser that bounds alias expansion.
  return reusesNodes(value) ? parseYamlSlow(text, name) : value;
}

/** True when some object or array is reachable twice (a YAML alias of a collection). */
function reusesNodes(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
  return false;
}

function parseYamlSlow(text: string, name: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const msg = oneLineOf(first.message.split("\n")[0] ?? first.message).replace(/\s+at line \d+, column \d+:?$/, "");
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
    throw new SpecError(`${name}: YAML syntax error${where}: ${msg}`, { cause: first });
  }
  try {
    // Default maxAliasCount (100) refuses "billion laughs" alias bombs instead of expanding them.
    return doc.toJS();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(msg)) {
      throw new SpecError(`${name}: YAML alias expansion refused (${oneLineOf(msg)}); the document expands anchors/aliases beyond the safe limit`, {
        cause: e,
      });
    }
    throw new SpecError(`${name}: YAML error: ${oneLineOf(msg)}`, { cause: e });
  }
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: pos - start + 1 };
}

function oneLineOf(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}
