// Request shapes as data: where the prompt goes in the JSON body of each common AI API style, which
// defaults the style needs, and which token-limit field it takes. buildBody() is the only code here.
import type { ShapeId, ShapeRequest, Turn } from "./types.js";

export interface ShapeDef {
  id: ShapeId;
  title: string;
  /** chat: a `messages` array of {role, content}; text: one string property (history as a transcript). */
  format: "chat" | "text";
  field: string;
  /** Properties the style requires besides the prompt. */
  defaults: Record<string, unknown>;
  maxTokensField: string | null;
  example: string;
}

export const SHAPES: Record<"openai" | "anthropic" | "prompt" | "input" | "message" | "query", ShapeDef> = {
  openai: {
    id: "openai",
    title: "OpenAI chat completions",
    format: "chat",
    field: "messages",
    defaults: {},
    maxTokensField: "max_tokens",
    example: `{"messages":[{"role":"user","content":"…"}]}`,
  },
  anthropic: {
    id: "anthropic",
    title: "Anthropic messages",
    format: "chat",
    field: "messages",
    defaults: { max_tokens: 512 },
    maxTokensField: "max_tokens",
    example: `{"max_tokens":512,"messages":[{"role":"user","content":"…"}]}`,
  },
  prompt: { id: "prompt", title: "{prompt}", format: "text", field: "prompt", defaults: {}, maxTokensField: null, example: `{"prompt":"…"}` },
  input: { id: "input", title: "{input}", format: "text", field: "input", defaults: {}, maxTokensField: null, example: `{"input":"…"}` },
  message: { id: "message", title: "{message}", format: "text", field: "message", defaults: {}, maxTokensField: null, example: `{"message":"…"}` },
  query: { id: "query", title: "{query}", format: "text", field: "query", defaults: {}, maxTokensField: null, example: `{"query":"…"}` },
};

export const SHAPE_IDS = Object.keys(SHAPES) as (keyof typeof SHAPES)[];

const FIELD_NAME = /^[A-Za-z_][\w.-]{0,40}$/;

/** The definition of a shape id, including `field:<name>` shapes; null for an unknown id. */
export function shapeDef(id: string): ShapeDef | null {
  if (Object.prototype.hasOwnProperty.call(SHAPES, id)) return SHAPES[id as keyof typeof SHAPES];
  const m = /^field:(.+)$/.exec(id);
  if (m?.[1] && FIELD_NAME.test(m[1])) {
    const field = m[1];
    return { id: `field:${field}`, title: `{${field}}`, format: "text", field, defaults: {}, maxTokensField: null, example: `{"${field}":"…"}` };
  }
  return null;
}

/** A shape named by a field: `messages` → openai, `prompt` → prompt, `question` → field:question. */
export function shapeForField(field: string): ShapeId | null {
  if (field === "messages") return "openai";
  if (field in SHAPES) return field as ShapeId;
  return FIELD_NAME.test(field) ? `field:${field}` : null;
}

/** Earlier turns rendered for a single-string API, the way chat front-ends flatten history. */
export function transcript(turns: readonly Turn[]): string {
  if (turns.length === 1) return turns[0]?.content ?? "";
  return turns.map((t) => `${t.role === "user" ? "User" : "Assistant"}: ${t.content}`).join("\n\n");
}

/**
 * The JSON body for one request: the spec's sample (minus its prompt) under the style's defaults and the
 * prompt. `maxTokensField` overrides the shape's own (e.g. a spec property named max_new_tokens).
 */
export function buildBody(
  def: ShapeDef,
  req: ShapeRequest,
  base: Record<string, unknown> = {},
  maxTokensField: string | null = def.maxTokensField,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...def.defaults, ...withoutPrompt(base, def.field) };
  if (def.format === "chat") {
    body[def.field] = req.turns.map((t) => ({ role: t.role, content: t.content }));
  } else {
    body[def.field] = transcript(req.turns);
  }
  if (req.maxTokens !== undefined && maxTokensField) body[maxTokensField] = req.maxTokens;
  return body;
}

function withoutPrompt(base: Record<string, unknown>, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) {
    // Streaming replies are harder to judge and cost the same: ask for one JSON answer.
    if (k === field || k === "stream") continue;
    out[k] = v;
  }
  return out;
}
