// "Does this response carry personal or secret data?" — one cheap yes/no, memoised per response, for
// checks that only need to know (CORS, caching), not what or where.
import type { RecordedResponse } from "../core/types.js";
import { piiTable } from "./pii.js";
import { secretTable } from "./secrets.js";
import { isTextual } from "./text.js";

const MEMO = new WeakMap<RecordedResponse, boolean>();

export function carriesSensitiveData(res: RecordedResponse): boolean {
  const cached = MEMO.get(res);
  if (cached !== undefined) return cached;
  const yes = isTextual(res) && (piiTable.scan(res.body, 1).length > 0 || secretTable.scan(res.body, 1).length > 0);
  MEMO.set(res, yes);
  return yes;
}
