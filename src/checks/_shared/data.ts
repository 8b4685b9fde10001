// "Is this answer the operation's data?" — one judgement for every authentication/authorization check.
// Content first (servesData: no error envelope, refusal text or login page, whatever the status), then
// the comparisons a 2xx refusal fails: the documented response schema, and the authorised answer.
import type { Operation, RecordedResponse } from "../../core/types.js";
import { servesData } from "../../patterns/sensitive.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { objectShape, responseSchema } from "./schema.js";

/** Top-level keys of a JSON answer: an object's own, or its first list item's (`[]` marks a list). */
function topKeys(value: Json): { list: boolean; keys: Set<string> } | null {
  if (Array.isArray(value)) {
    const item = value.find((x) => x !== null && typeof x === "object" && !Array.isArray(x));
    return { list: true, keys: new Set(item ? Object.keys(item as object) : []) };
  }
  if (value !== null && typeof value === "object") return { list: false, keys: new Set(Object.keys(value)) };
  return null;
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

/** The documented 2xx object has properties and the answer shares none of them: not the documented data. */
function contradictsSchema(res: RecordedResponse, op: Operation | null | undefined, keys: { list: boolean; keys: Set<string> }): boolean {
  if (!op || keys.list) return false;
  const shape = objectShape(responseSchema(op.responses, res.status));
  if (!shape || shape.properties.size < 2) return false;
  return keys.keys.size > 0 && !overlaps(keys.keys, new Set(shape.properties.keys()));
}

/**
 * Whether `res` serves the operation's data: servesData, the body does not contradict the documented
 * schema, and — when an authorised answer that serves data is given — it resembles it (same kind of JSON,
 * some top-level keys in common). A public answer with fewer fields still counts; an error object does not.
 */
export function isData(res: RecordedResponse | null | undefined, op?: Operation | null, authorised?: RecordedResponse | null): boolean {
  if (!res || !servesData(res)) return false;
  const parsed = parseJsonBody(res);
  const keys = parsed ? topKeys(parsed.value) : null;
  if (!keys) return true;
  if (contradictsSchema(res, op, keys)) return false;
  if (!authorised || authorised === res || !servesData(authorised)) return true;
  const ref = parsed && parseJsonBody(authorised);
  const refKeys = ref ? topKeys(ref.value) : null;
  if (!refKeys || refKeys.keys.size === 0 || keys.keys.size === 0) return true;
  return refKeys.list === keys.list && overlaps(keys.keys, refKeys.keys);
}
