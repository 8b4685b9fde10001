// Pattern tables: detection rows as data, compiled once, with keywords as a cheap pre-filter (Trivy's
// secret rules). A row's regex must be linear-time on hostile input: bounded quantifiers, no nested
// repetition. `validate` rejects look-alikes the regex cannot rule out (Luhn, area numbers, entropy).
import type { Severity } from "../core/types.js";
import { lowerCase } from "./memo.js";

export interface PatternRow {
  id: string;
  title: string;
  severity: Severity;
  /** Authored constant; compiled with the `g` flag added. Capture group 1, when present, is the value. */
  regex: RegExp;
  /** Lower-case substrings; the row is tried only when the text contains at least one. Empty = always. */
  keywords: readonly string[];
  /** Extra judgement on a match (the value is group 1 or the whole match). */
  validate?: (value: string, context: MatchContext) => boolean;
}

export interface MatchContext {
  /** The whole text scanned. */
  text: string;
  /** Offset of the value in the text. */
  index: number;
  match: RegExpExecArray;
}

export interface PatternMatch<R extends PatternRow = PatternRow> {
  row: R;
  value: string;
  index: number;
}

export interface CompiledRow<R extends PatternRow> {
  row: R;
  regex: RegExp;
  keywords: readonly string[];
}

export interface CompiledTable<R extends PatternRow> {
  rows: readonly CompiledRow<R>[];
  /** All validated matches, at most `limit` in total (default 50), in row order then text order. */
  scan(text: string, limit?: number): PatternMatch<R>[];
}

export function compileTable<R extends PatternRow>(rows: readonly R[]): CompiledTable<R> {
  const ids = new Set<string>();
  const compiled = rows.map((row) => {
    if (ids.has(row.id)) throw new Error(`duplicate pattern row id ${row.id}`);
    ids.add(row.id);
    const flags = row.regex.flags.includes("g") ? row.regex.flags : `${row.regex.flags}g`;
    return { row, regex: new RegExp(row.regex.source, flags), keywords: row.keywords.map((k) => k.toLowerCase()) };
  });
  return {
    rows: compiled,
    scan(text, limit = 50) {
      const out: PatternMatch<R>[] = [];
      if (!text) return out;
      let lower: string | null = null;
      for (const c of compiled) {
        if (c.keywords.length > 0) {
          lower ??= lowerCase(text);
          const haystack = lower;
          if (!c.keywords.some((k) => haystack.includes(k))) continue;
        }
        for (const m of matchAll(c.regex, text)) {
          const value = m[1] ?? m[0];
          const index = m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index;
          if (c.row.validate && !c.row.validate(value, { text, index, match: m })) continue;
          out.push({ row: c.row, value, index });
          if (out.length >= limit) return out;
        }
      }
      return out;
    },
  };
}

/** Iterates a regex's matches without the zero-length-match trap. A global regex is reused (its
 *  lastIndex is reset first), so consume the iterator before starting another on the same regex. */
export function* matchAll(regex: RegExp, text: string, max = 10_000): Generator<RegExpExecArray> {
  const re = regex.global ? regex : new RegExp(regex.source, `${regex.flags}g`);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
    if (++n >= max) return;
  }
}
