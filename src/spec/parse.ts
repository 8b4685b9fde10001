// Parses spec text as JSON or YAML with positions in errors; YAML alias expansion stays bounded.
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
