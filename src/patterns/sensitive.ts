// "Does this response carry personal or secret data, and what kind?" — memoised per response, shared by
// the authentication/authorization checks (which rank findings by it) and CORS/caching (yes/no).
import type { RecordedResponse } from "../core/types.js";
import { piiTable } from "./pii.js";
import { secretTable } from "./secrets.js";
import { isTextual } from "./text.js";

export interface SensitiveSummary {
  kinds: string[];
  /** Redaction-safe description of what was seen, e.g. "US Social Security number ×3". */
  description: string;
}

const SCAN_LIMIT = 256 * 1024;
const MEMO = new WeakMap<RecordedResponse, SensitiveSummary | null>();

export function sensitiveContent(res: RecordedResponse): SensitiveSummary | null {
  const cached = MEMO.get(res);
  if (cached !== undefined) return cached;
  let summary: SensitiveSummary | null = null;
  if (isTextual(res)) {
    const text = res.body.slice(0, SCAN_LIMIT);
    const counts = new Map<string, number>();
    for (const m of [...piiTable.scan(text, 20), ...secretTable.scan(text, 20)]) counts.set(m.row.title, (counts.get(m.row.title) ?? 0) + 1);
    if (counts.size > 0) summary = { kinds: [...counts.keys()], description: [...counts].map(([k, n]) => `${k} ×${n}`).join(", ") };
  }
  MEMO.set(res, summary);
  return summary;
}

export function carriesSensitiveData(res: RecordedResponse): boolean {
  return sensitiveContent(res) !== null;
}

/** A 2xx that actually carries data (not an empty body, not a login form). */
export function servesData(res: RecordedResponse): boolean {
  if (res.status < 200 || res.status >= 300) return false;
  const body = res.body.trim();
  if (body.length === 0 || body === "{}" || body === "[]" || body === "null") return false;
  if (/<input[^>]+type=["']?password/i.test(body.slice(0, 65536))) return false;
  return true;
}
