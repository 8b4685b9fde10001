// Learning an endpoint's request shape at runtime: guess from the path, send a harmless prompt, and read
// the validation error (`field "message" required`, pydantic's loc, ajv's required property …) for the
// field it wants. Bounded: at most `maxTries` requests.
import type { Exchange } from "../core/types.js";
import { PROMPT_FIELDS } from "../patterns/llm-detection.js";
import { parseReply, type AiReply } from "./extract.js";
import { SHAPE_IDS, buildBody, shapeDef, shapeForField } from "./shapes.js";
import type { ShapeId, ShapeRequest } from "./types.js";

export const GREETING: ShapeRequest = { turns: [{ role: "user", content: "Hello! Please reply with a short greeting." }] };

/** Shapes to try first for a path, most likely first. */
export function guessShapes(path: string): ShapeId[] {
  const p = path.toLowerCase();
  const first: ShapeId[] = /completions?\/?$/.test(p)
    ? ["openai"]
    : /\/messages\/?$/.test(p)
      ? ["anthropic", "openai"]
      : /\/(?:prompt|generate|completion|infer|inference)\/?$/.test(p)
        ? ["prompt", "input"]
        : /\/(?:ask|query|question|rag)\/?$/.test(p)
          ? ["query", "prompt"]
          : /\/(?:chat|converse|conversation)\/?$/.test(p)
            ? ["message", "openai"]
            : ["input", "prompt"];
  return [...new Set<ShapeId>([...first, ...SHAPE_IDS])];
}

const FIELD_HINTS: readonly RegExp[] = [
  /"loc"\s*:\s*\[\s*"body"\s*,\s*"([A-Za-z_][\w-]{0,40})"/g,
  /\bfield\s+["'`]([A-Za-z_][\w-]{0,40})["'`]\s+(?:is\s+)?(?:required|missing)/gi,
  /["'`]([A-Za-z_][\w-]{0,40})["'`]\s+is\s+(?:a\s+)?required(?:\s+property)?/gi,
  /required\s+(?:property|field|parameter|key)\s*[:=]?\s*["'`]?([A-Za-z_][\w-]{0,40})/gi,
  /missing\s+(?:required\s+)?(?:field|property|parameter|key|value)s?\s*[:=]?\s*["'`]?([A-Za-z_][\w-]{0,40})/gi,
  /\b([A-Za-z_][\w-]{0,40})\s+(?:is|field is)\s+(?:required|missing)/gi,
  /"path"\s*:\s*\[\s*"([A-Za-z_][\w-]{0,40})"\s*\][^}]{0,200}?"(?:code|message)"\s*:\s*"(?:invalid_type|Required)/g,
];

const PROMPTISH = /prompt|input|message|query|question|text|content|instruction|utterance/i;
const KNOWN_FIELDS = new Set(PROMPT_FIELDS.map((f) => f.field));

/** Prompt-carrying fields an error body asks for, plus whether it wants max_tokens (Anthropic-style). */
export function fieldHints(body: string): { fields: string[]; wantsMaxTokens: boolean } {
  // Error texts often arrive JSON-escaped inside an error string: `"\"message\" is required"`.
  const head = body.slice(0, 4000).replace(/\\"/g, '"');
  const fields: string[] = [];
  for (const re of FIELD_HINTS) {
    for (const m of head.matchAll(re)) {
      const f = m[1];
      if (f && (KNOWN_FIELDS.has(f) || PROMPTISH.test(f)) && !fields.includes(f)) fields.push(f);
    }
  }
  return { fields, wantsMaxTokens: /max_tokens/.test(head) && /required|missing/i.test(head) };
}

export interface Learned {
  shape: ShapeId | null;
  exchange: Exchange | null;
  reply: AiReply | null;
  tried: ShapeId[];
  how: string;
}

/** Finds a shape that yields a reply. `send` posts one body and returns the recorded exchange. */
export async function learnShape(
  path: string,
  base: Record<string, unknown>,
  send: (body: Record<string, unknown>) => Promise<Exchange>,
  maxTries = 4,
): Promise<Learned> {
  const queue = guessShapes(path);
  const tried: ShapeId[] = [];
  let last: Exchange | null = null;
  const hinted = new Set<ShapeId>();
  while (tried.length < maxTries) {
    const shape = queue.find((s) => !tried.includes(s));
    if (!shape) break;
    tried.push(shape);
    const def = shapeDef(shape);
    if (!def) continue;
    const ex = await send(buildBody(def, GREETING, base));
    last = ex;
    const res = ex.response;
    if (!res) return { shape: null, exchange: ex, reply: null, tried, how: `no response: ${ex.error ?? "unknown error"}` };
    const reply = res.status < 300 ? parseReply(res) : null;
    if (reply && (reply.text || reply.toolCalls.length > 0)) {
      const how = hinted.has(shape) ? `learned from the endpoint's validation error (${tried.length} tries)` : `the ${def.title} shape answered (${tried.length} ${tried.length === 1 ? "try" : "tries"})`;
      return { shape, exchange: ex, reply, tried, how };
    }
    if (res.status === 401 || res.status === 403) return { shape: null, exchange: ex, reply: null, tried, how: `HTTP ${res.status}: credentials needed to reach the endpoint` };
    const hints = fieldHints(res.body);
    const next: ShapeId[] = [];
    if (hints.wantsMaxTokens && !tried.includes("anthropic")) next.push("anthropic");
    for (const f of hints.fields) {
      const s = shapeForField(f);
      if (s && !tried.includes(s)) next.push(s);
    }
    for (const s of next) hinted.add(s);
    queue.unshift(...next);
  }
  return { shape: null, exchange: last, reply: null, tried, how: `no shape answered after ${tried.length} tries (${tried.join(", ")})` };
}
