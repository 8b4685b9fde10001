// Refusal detection: does a reply (or an error body from a guard layer) say no?
import { REFUSAL_ROWS, REFUSAL_WINDOW } from "../patterns/llm-refusals.js";

/** Id of the refusal row that matches near the start of a reply, or null. */
export function refusalIn(text: string): string | null {
  const head = text.slice(0, REFUSAL_WINDOW);
  for (const row of REFUSAL_ROWS) if (row.source === "model" && row.regex.test(head)) return row.id;
  return null;
}

/** Id of the guard row in an error body (content filter, moderation), or null. */
export function guardBlockIn(body: string): string | null {
  const head = body.slice(0, 2000);
  for (const row of REFUSAL_ROWS) if (row.source === "guard" && row.regex.test(head)) return row.id;
  return null;
}
