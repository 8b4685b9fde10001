// System-prompt leak detection: prompt-format markers and plain-language preambles in a reply that the
// request did not contain. Strong = a chat-template marker; firm = a preamble with a directive or label.
import { PROMPT_FORMAT_ROWS, SYSTEM_PROMPT_KEYS, type PromptFormatRow } from "../patterns/llm-prompt-formats.js";
import { compileTable } from "../patterns/table.js";
import type { Json } from "../patterns/text.js";
import { isNovelSpan } from "./novelty.js";

const table = compileTable(PROMPT_FORMAT_ROWS);

export interface LeakMatch {
  row: PromptFormatRow;
  index: number;
  value: string;
}

export interface PromptLeak {
  level: "strong" | "firm";
  matches: LeakMatch[];
  /** The reply from the first match on, for evidence. */
  excerpt: string;
  note: string;
}

/** Novel prompt-format matches in a reply (those not copied from `sent`). */
export function leakMatches(text: string, sent: string): LeakMatch[] {
  return table
    .scan(text, 40)
    .filter((m) => isNovelSpan(text, m.index, m.value.length, sent))
    .map((m) => ({ row: m.row, index: m.index, value: m.value }));
}

export function detectPromptLeak(text: string, sent: string): PromptLeak | null {
  const matches = leakMatches(text, sent);
  if (matches.length === 0) return null;
  const formats = matches.filter((m) => m.row.kind === "format");
  const has = (kind: PromptFormatRow["kind"]) => matches.some((m) => m.row.kind === kind);
  let level: PromptLeak["level"] | null = null;
  if (formats.length > 0) level = "strong";
  else if (has("preamble") && (has("directive") || has("label"))) level = "firm";
  else if (has("label") && has("directive")) level = "firm";
  if (!level) return null;
  const first = Math.min(...matches.map((m) => m.index));
  const names = [...new Set(matches.map((m) => (m.row.kind === "format" ? `${m.row.title} (${m.row.format})` : m.row.title)))];
  return {
    level,
    matches,
    excerpt: text.slice(Math.max(0, first - 20), first + 300),
    note: `prompt-leak patterns not present in the request: ${names.join(", ")}`,
  };
}

/** A system prompt returned as a JSON property (`system_prompt`, `instructions` …) whose value reads like one. */
export function systemPromptField(root: Json, sent: string): { key: string; value: string } | null {
  const stack: { node: Json; depth: number }[] = [{ node: root, depth: 0 }];
  let seen = 0;
  while (stack.length > 0 && seen < 2000) {
    const { node, depth } = stack.pop()!;
    seen++;
    if (node === null || typeof node !== "object" || depth > 6) continue;
    for (const [k, v] of Array.isArray(node) ? node.map((x, i) => [String(i), x] as const) : Object.entries(node)) {
      if (typeof v === "string" && SYSTEM_PROMPT_KEYS.includes(k.toLowerCase()) && v.length >= 20 && leakMatches(v, sent).length > 0) {
        return { key: k, value: v };
      }
      if (v !== null && typeof v === "object") stack.push({ node: v, depth: depth + 1 });
    }
  }
  return null;
}
