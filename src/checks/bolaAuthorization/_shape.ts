// Whether an answer is an object of the operation's kind: keys overlap the documented schema or the
// caller's own object. Keeps error bodies and login pages from counting as "another user's object".
import type { Operation } from "../../core/types.js";
import type { Json } from "../../patterns/text.js";
import { objectShape, responseSchema } from "../_shared/schema.js";

function overlap(keys: readonly string[], reference: ReadonlySet<string>): number {
  if (keys.length === 0 || reference.size === 0) return 0;
  return keys.filter((k) => reference.has(k)).length / Math.min(keys.length, reference.size);
}

export function sameKind(obj: { [key: string]: Json }, op: Operation, own: { [key: string]: Json } | null): boolean {
  const keys = Object.keys(obj);
  if (keys.length < 2) return false;
  const documented = objectShape(responseSchema(op.responses, 200));
  if (documented && documented.properties.size > 0 && overlap(keys, new Set(documented.properties.keys())) >= 0.5) return true;
  return own !== null && overlap(keys, new Set(Object.keys(own))) >= 0.6;
}
