// "Does this response carry personal or secret data, and what kind?" — memoised per response, shared by
// the authentication/authorization checks (which rank findings by it) and CORS/caching (yes/no).
import type { RecordedResponse } from "../core/types.js";
import { piiTable } from "./pii.js";
import { secretTable } from "./secrets.js";
import { ENVELOPE_KEYS, ERROR_KEYS, LOGIN_PAGE, MAX_REFUSAL_TEXT, REFUSAL_TEXT } from "./error-bodies.js";
import { isTextual, parseJsonBody, type Json } from "./text.js";

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

const REFUSALS = new WeakMap<RecordedResponse, string | null>();

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** An envelope of error/status keys only (nulls aside) that says "error" or words a refusal. */
function errorEnvelope(value: Json): string | null {
  if (!isObject(value)) return null;
  const keys = Object.keys(value).filter((k) => value[k] !== null);
  if (keys.length === 0 || keys.length > 8 || !keys.every((k) => ENVELOPE_KEYS.has(k.toLowerCase()))) return null;
  // `data` as an envelope key only when it holds nothing.
  const data = value["data"];
  if (data !== undefined && data !== null && !(typeof data === "string" && data === "") && !(Array.isArray(data) && data.length === 0)) return null;
  const said = JSON.stringify(value).slice(0, 2048);
  if (keys.some((k) => ERROR_KEYS.has(k.toLowerCase()) && value[k] !== false && value[k] !== "" && value[k] !== 0)) return `error body ${said.slice(0, 120)}`;
  if (value["success"] === false || value["ok"] === false) return `error body ${said.slice(0, 120)}`;
  return REFUSAL_TEXT.test(said) ? `refusal body ${said.slice(0, 120)}` : null;
}

/**
 * Why a response is a refusal in disguise — an error envelope, a short "unauthorized" text, a login page —
 * or null. Memoised per response. Used for 2xx answers, where the status says nothing.
 */
export function refusalBody(res: RecordedResponse): string | null {
  const cached = REFUSALS.get(res);
  if (cached !== undefined) return cached;
  let why: string | null = null;
  const body = res.body.trim();
  const json = parseJsonBody(res);
  if (json) why = errorEnvelope(json.value);
  else if (body.length > 0 && isTextual(res)) {
    const head = body.slice(0, 65536);
    if (LOGIN_PAGE.some((re) => re.test(head))) why = "a login page";
    else if (body.length <= MAX_REFUSAL_TEXT && REFUSAL_TEXT.test(body.replace(/<[^>]*>/g, " "))) why = `refusal text "${body.replace(/\s+/g, " ").slice(0, 80)}"`;
  }
  REFUSALS.set(res, why);
  return why;
}

/**
 * The shared "is this data?" judgement of the authentication and authorization checks: a 2xx with a
 * body that is not empty, not an error envelope or refusal text, and not a login page. Status alone
 * never decides.
 */
export function servesData(res: RecordedResponse): boolean {
  if (res.status < 200 || res.status >= 300) return false;
  const body = res.body.trim();
  if (body.length === 0 || body === "{}" || body === "[]" || body === "null") return false;
  return refusalBody(res) === null;
}
