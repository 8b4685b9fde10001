// Reads an AI reply out of a recorded response: the text, the model name, token usage and tool calls,
// for OpenAI-, Anthropic-, Responses-, Gemini-, Ollama- and generic-style bodies, plain text and SSE.
import type { RecordedResponse } from "../core/types.js";
import { MODEL_NAME, USAGE_KEYS } from "../patterns/llm-detection.js";
import { parseJsonBody, type Json } from "../patterns/text.js";

export type ReplyStyle = "openai" | "anthropic" | "responses" | "gemini" | "generic" | "text" | "sse";

export interface ToolCall {
  name: string;
  /** Arguments as text (JSON-serialised when structured). */
  args: string;
}

export interface AiReply {
  style: ReplyStyle;
  text: string;
  model: string | null;
  usage: Record<string, number> | null;
  toolCalls: ToolCall[];
  /** True when the body's structure itself says "a model produced this" (not just a text field). */
  aiShaped: boolean;
}

type Obj = { [key: string]: Json };

const GENERIC_TEXT_KEYS = ["output_text", "reply", "response", "answer", "completion", "generated_text", "output", "text", "content", "message", "result", "data"];

const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: Json | undefined): string | null => (typeof v === "string" ? v : null);
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

function argsText(v: Json | undefined): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function toolCallsOf(root: Obj): ToolCall[] {
  const calls: ToolCall[] = [];
  const push = (name: Json | undefined, args: Json | undefined) => {
    if (typeof name === "string" && name) calls.push({ name, args: argsText(args) });
  };
  for (const choice of arr(root.choices)) {
    if (!isObj(choice)) continue;
    const msg = isObj(choice.message) ? choice.message : isObj(choice.delta) ? choice.delta : null;
    if (!msg) continue;
    for (const tc of arr(msg.tool_calls)) if (isObj(tc) && isObj(tc.function)) push(tc.function.name, tc.function.arguments);
    if (isObj(msg.function_call)) push(msg.function_call.name, msg.function_call.arguments);
  }
  for (const block of [...arr(root.content), ...arr(root.output)]) {
    if (!isObj(block)) continue;
    if (block.type === "tool_use") push(block.name, block.input);
    if (block.type === "function_call") push(block.name, block.arguments);
  }
  for (const cand of arr(root.candidates)) {
    if (isObj(cand) && isObj(cand.content))
      for (const part of arr(cand.content.parts)) if (isObj(part) && isObj(part.functionCall)) push(part.functionCall.name, part.functionCall.args);
  }
  for (const key of ["tool_calls", "function_calls", "actions", "tools_used"]) {
    for (const tc of arr(root[key])) {
      if (!isObj(tc)) continue;
      const fn = isObj(tc.function) ? tc.function : tc;
      push(fn.name ?? fn.tool, fn.arguments ?? fn.args ?? fn.input ?? fn.parameters);
    }
  }
  if (isObj(root.function_call)) push(root.function_call.name, root.function_call.arguments);
  if (isObj(root.message) && Array.isArray(root.message.tool_calls)) {
    for (const tc of root.message.tool_calls) if (isObj(tc) && isObj(tc.function)) push(tc.function.name, tc.function.arguments);
  }
  return calls;
}

function usageOf(root: Obj): Record<string, number> | null {
  const out: Record<string, number> = {};
  const take = (o: Obj) => {
    for (const [k, v] of Object.entries(o)) if (typeof v === "number" && USAGE_KEYS.test(k)) out[k] = v;
  };
  for (const key of ["usage", "usageMetadata", "token_usage", "tokens", "billing"]) if (isObj(root[key])) take(root[key]);
  // At the top level only token counts: `cost` or `price` there is as likely a product's price.
  for (const [k, v] of Object.entries(root)) if (typeof v === "number" && USAGE_KEYS.test(k) && /tokens?|TokenCount|eval_count/.test(k)) out[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}

function openaiText(root: Obj): string | null {
  const parts: string[] = [];
  for (const choice of arr(root.choices)) {
    if (!isObj(choice)) continue;
    const msg = isObj(choice.message) ? choice.message : null;
    const t = str(msg?.content) ?? str(choice.text);
    if (t !== null) parts.push(t);
  }
  return arr(root.choices).length > 0 ? parts.join("\n") : null;
}

function blocksText(blocks: Json[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    const t = str(b.text);
    if (t !== null) parts.push(t);
    for (const inner of arr(b.content)) if (isObj(inner) && typeof inner.text === "string") parts.push(inner.text);
  }
  return parts.join("\n");
}

function geminiText(root: Obj): string | null {
  const cands = arr(root.candidates);
  if (cands.length === 0) return null;
  const parts: string[] = [];
  for (const c of cands) if (isObj(c) && isObj(c.content)) parts.push(blocksText(arr(c.content.parts)));
  return parts.join("\n");
}

function genericText(root: Obj, depth = 0): string | null {
  for (const key of GENERIC_TEXT_KEYS) {
    const v = root[key];
    if (typeof v === "string") return v;
    if (depth < 2 && isObj(v)) {
      const inner = str(v.content) ?? str(v.text) ?? genericText(v, depth + 1);
      if (inner !== null) return inner;
    }
    if (Array.isArray(v) && v.length > 0 && isObj(v[0]) && typeof v[0].generated_text === "string") return v[0].generated_text;
  }
  return null;
}

/** Concatenates the deltas of a server-sent-events stream of chat chunks. */
function sseText(body: string): string | null {
  const parts: string[] = [];
  for (const line of body.split("\n").slice(0, 5000)) {
    const m = /^data:\s?(.*)$/.exec(line.trim());
    if (!m?.[1] || m[1] === "[DONE]") continue;
    try {
      const chunk = JSON.parse(m[1]) as Json;
      if (!isObj(chunk)) continue;
      for (const c of arr(chunk.choices)) if (isObj(c) && isObj(c.delta) && typeof c.delta.content === "string") parts.push(c.delta.content);
      if (isObj(chunk.delta) && typeof chunk.delta.text === "string") parts.push(chunk.delta.text);
    } catch {
      // not JSON: skip the line
    }
  }
  return parts.length > 0 ? parts.join("") : null;
}

/** Every top-level key the reply's text or tool calls are read from (the style checks below, the
 *  generic text keys, toolCallsOf): an object with none of them holds no reply. */
const REPLY_KEYS: readonly string[] = [
  ...new Set([
    "choices", "content", "output", "candidates", "output_text", "function_call", "message",
    "tool_calls", "function_calls", "actions", "tools_used", ...GENERIC_TEXT_KEYS,
  ]),
];

/** False when no key a reply is read from is present: parseReply's answer is then null (most API
 *  responses), found without the allocations of reading every style. */
function mayHoldReply(root: Obj): boolean {
  for (let i = 0; i < REPLY_KEYS.length; i++) if (root[REPLY_KEYS[i]!] !== undefined) return true;
  return false;
}

/** The AI reply in a response, or null when the body holds no text and no tool call. */
export function parseReply(res: RecordedResponse): AiReply | null {
  if (/text\/event-stream/i.test(res.contentType)) {
    const text = sseText(res.body);
    return text === null ? null : { style: "sse", text, model: null, usage: null, toolCalls: [], aiShaped: true };
  }
  const parsed = parseJsonBody(res);
  if (!parsed) {
    if (/^text\/plain/i.test(res.contentType) && res.body.trim()) {
      return { style: "text", text: res.body, model: null, usage: null, toolCalls: [], aiShaped: false };
    }
    return null;
  }
  const root = parsed.value;
  if (!isObj(root) || !mayHoldReply(root)) return null;
  const toolCalls = toolCallsOf(root);
  const model = str(root.model) ?? str(root.model_id) ?? str(root.modelVersion) ?? null;
  const usage = usageOf(root);
  let style: ReplyStyle = "generic";
  let text: string | null = openaiText(root);
  if (text !== null) style = "openai";
  else if ((root.type === "message" || root.role === "assistant") && Array.isArray(root.content)) {
    style = "anthropic";
    text = blocksText(root.content);
  } else if (typeof root.output_text === "string" || (root.object === "response" && Array.isArray(root.output))) {
    style = "responses";
    text = str(root.output_text) ?? blocksText(arr(root.output));
  } else if ((text = geminiText(root)) !== null) style = "gemini";
  else text = genericText(root);
  if (text === null && toolCalls.length === 0) return null;
  const aiShaped = style !== "generic" || usage !== null || (model !== null && MODEL_NAME.test(model)) || toolCalls.length > 0;
  return { style, text: text ?? "", model, usage, toolCalls, aiShaped };
}
