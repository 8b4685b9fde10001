// Pattern tables: detection rows as data, compiled once, with keywords as a cheap pre-filter (Trivy's
// secret rules). A row's regex must be linear-time on hostile input: bounded quantifiers, no nested
// repetition. `validate` rejects look-alikes the regex cannot rule out (Luhn, area numbers, entropy).
import type { Severity } from "../core/types.js";
import { charSet, lowerCase, mayContain, textCharSet, type CharSet } from "./memo.js";

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
  /** The characters of each keyword (see mayContain). */
  keywordChars: readonly CharSet[];
}

export interface CompiledTable<R extends PatternRow> {
  rows: readonly CompiledRow<R>[];
  /** All validated matches, at most `limit` in total (default 50), in row order then text order. The
   *  list may be shared with earlier and later scans of the same text: read it, never modify it. */
  scan(text: string, limit?: number): PatternMatch<R>[];
}

/** Texts whose matches each table keeps (see scan), the shortest kept (a short text is scanned faster
 *  than it is looked up) and the longest (a long text is seldom seen twice, and what is kept stays alive
 *  until it is pushed out). */
const RECENT_TEXTS = 16;
const RECENT_TEXT_MIN = 256;
const RECENT_TEXT_MAX = 16_384;

export function compileTable<R extends PatternRow>(rows: readonly R[]): CompiledTable<R> {
  const ids = new Set<string>();
  const compiled = rows.map((row) => {
    if (ids.has(row.id)) throw new Error(`duplicate pattern row id ${row.id}`);
    ids.add(row.id);
    const flags = row.regex.flags.includes("g") ? row.regex.flags : `${row.regex.flags}g`;
    const keywords = row.keywords.map((k) => k.toLowerCase());
    return { row, regex: new RegExp(row.regex.source, flags), keywords, keywordChars: keywords.map(charSet) };
  });
  // The matches of the texts scanned last, by text (and limit): a scan depends on nothing else, and the
  // same text comes again and again (one error body on every operation, one listing per identity).
  const recent = new Map<string, { limit: number; matches: PatternMatch<R>[] }>();
  return {
    rows: compiled,
    // Plain loops, no closure or generator per row: tables scan every response for several analyzers.
    scan(text, limit = 50) {
      if (!text) return [];
      if (text.length < RECENT_TEXT_MIN || text.length > RECENT_TEXT_MAX) return scanText(text, limit);
      const kept = recent.get(text);
      if (kept !== undefined && kept.limit === limit) {
        // Most recently used last: a text asked about again and again (the same error body on every
        // operation) stays while one-off texts come and go.
        recent.delete(text);
        recent.set(text, kept);
        return kept.matches;
      }
      const matches = scanText(text, limit);
      if (kept !== undefined) recent.delete(text);
      else if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
      recent.set(text, { limit, matches });
      return matches;
    },
  };

  function scanText(text: string, limit: number): PatternMatch<R>[] {
    const out: PatternMatch<R>[] = [];
    let lower: string | null = null;
    let has: CharSet | null = null;
    for (let r = 0; r < compiled.length; r++) {
      const c = compiled[r]!;
      const keywords = c.keywords;
      if (keywords.length > 0) {
        lower ??= lowerCase(text);
        has ??= textCharSet(lower);
        const needs = c.keywordChars;
        let found = false;
        for (let k = 0; k < keywords.length && !found; k++) found = mayContain(has, needs[k]!) && lower.includes(keywords[k]!);
        if (!found) continue;
      }
      // As matchAll: the regex is global (compiled so), reset first, zero-length matches stepped over.
      const re = c.regex;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      let n = 0;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) re.lastIndex++;
        const value = m[1] ?? m[0];
        const index = m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index;
        if (!c.row.validate || c.row.validate(value, { text, index, match: m })) {
          out.push({ row: c.row, value, index });
          if (out.length >= limit) return out;
        }
        if (++n >= 10_000) break;
      }
    }
    return out;
  }
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
