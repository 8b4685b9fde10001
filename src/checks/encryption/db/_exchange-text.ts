// Shared by the passive leak checks: the text of a response worth searching, and its operation.
import type { FindingInput } from "../../../core/check.js";
import type { Exchange } from "../../../core/types.js";
import { lastArgument, parsedUrl } from "../../../patterns/memo.js";

/** Response headers and body as one searchable text (headers first, one per line). */
export const responseText: (ex: Exchange) => string | null = lastArgument((ex: Exchange) => {
  if (!ex.response) return null;
  // Written out, not entries → map → join: no pair, list or joined copy per exchange.
  const h = ex.response.headers;
  let headers = "";
  for (const k in h) headers = headers === "" ? `${k}: ${h[k]}` : `${headers}\n${k}: ${h[k]}`;
  return `${headers}\n\n${ex.response.body}`;
}); // the same text for every leak check of one exchange

/** The exchange's operation, or its method + path when it matched none. */
export function operationOf(ex: Exchange): FindingInput["operation"] {
  if (ex.operation) return ex.operation;
  const u = parsedUrl(ex.request.url);
  return u ? { method: ex.request.method, path: u.pathname, url: ex.request.url } : null;
}

/** Where in the response a match sits, without quoting neighbouring text (it may hold other secrets). */
export function locate(text: string, index: number): string {
  const bodyStart = text.indexOf("\n\n");
  if (index < bodyStart) return "in a response header";
  const line = text.slice(bodyStart + 2, index).split("\n").length;
  return `in the response body, line ${line}`;
}
