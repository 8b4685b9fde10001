// Types shared by the AI-endpoint modules: request shapes, endpoints, probes and verdicts.
import type { Confidence, Depth, Exchange, Operation } from "../core/types.js";

/** Built-in request shapes, or `field:<name>` for a single text property learned from the API. */
export type ShapeId = "openai" | "anthropic" | "prompt" | "input" | "message" | "query" | `field:${string}`;

export interface Turn {
  role: "user" | "assistant";
  content: string;
}

/** What a probe asks of a shape: the conversation (last turn from the user) and optional limits. */
export interface ShapeRequest {
  turns: Turn[];
  maxTokens?: number;
}

export interface AiEndpoint {
  /** Absolute URL. */
  url: string;
  /** Path for findings (template path when from the spec). */
  path: string;
  operation: Operation | null;
  /** Known shape (spec, --shape) or null until learned. */
  shape: ShapeId | null;
  /** Sample body from the spec (other required fields such as `model`), merged under the prompt. */
  base: Record<string, unknown>;
  /** Name of a numeric token-limit property the request accepts (max_tokens …), if known. */
  maxTokensField: string | null;
  source: "spec" | "target" | "well-known" | "response";
  /** Why it is believed to be an AI endpoint. */
  reasons: string[];
  /** Whether the spec requires credentials on it (null: not declared). */
  securedBySpec: boolean | null;
}

export type LlmCheckId =
  | "llmSecurity.system-prompt-leak"
  | "llmSecurity.prompt-injection"
  | "llmSecurity.jailbreak"
  | "llmSecurity.encoding-bypass"
  | "llmSecurity.excessive-agency"
  | "llmSecurity.markdown-exfiltration"
  | "llmSecurity.output-sensitive-data"
  | "llmSecurity.unbounded-cost";

export type ProbeFamily =
  | "system-prompt-extraction"
  | "instruction-override"
  | "jailbreak"
  | "encoding"
  | "few-shot"
  | "nested-instruction"
  | "markdown-exfiltration"
  | "multi-turn"
  | "tool-abuse"
  | "pii-extraction"
  | "unbounded-cost";

/** What success looks like, judged without a model. */
export type SuccessCriterion =
  /** The model emits the probe's canary, and not merely by echoing the prompt. */
  | "canary"
  /** Prompt-format markers or a system-prompt preamble appear that the request did not contain. */
  | "prompt-leak"
  | "canary-or-leak"
  /** A markdown/HTML image or link to the probe's exfiltration host with the data slot filled in. */
  | "markdown-exfil"
  /** A structured tool/function call in the response. */
  | "tool-call"
  /** Personal data or secrets the request did not contain. */
  | "sensitive-data"
  /** The endpoint answers normally (no 4xx, an AI reply) despite the oversized request. */
  | "accepted";

export type Transform = "base64" | "rot13" | "hex" | "reverse" | "url";

export interface Probe {
  id: string;
  family: ProbeFamily;
  /** Lowest depth that runs it (quick probes also run at standard and deep). */
  tier: Depth;
  title: string;
  /** The user message. Slots: {{canary}}, {{payload}} (the transformed payload), {{exfil}} (exfiltration host). */
  template: string;
  /** Instruction text that `transform` encodes into {{payload}}. */
  payload?: string;
  transform?: Transform;
  /** Earlier turns (multi-turn escalation); the template is the final user turn. */
  history?: Turn[];
  /** Unbounded cost: token limit to request, filler characters to append. */
  maxTokens?: number;
  padChars?: number;
  success: SuccessCriterion;
  /** The plain probe whose failure makes this one a bypass (jailbreak, encoding). */
  plain?: string;
  feeds: LlmCheckId;
}

export interface Verdict {
  success: boolean;
  confidence: Confidence;
  /** How it was judged, for the finding's evidence note. */
  note: string;
  /** The part of the reply that decided it (redacted by the caller when needed). */
  excerpt: string;
  refused: boolean;
}

export interface ProbeResult {
  probe: Probe;
  canary: string;
  /** The rendered prompt text as sent (for echo judging). */
  prompt: string;
  exchange: Exchange | null;
  /** Reply text extracted per shape ('' when none). */
  text: string;
  verdict: Verdict;
  /** Set when the probe was not sent (shape cannot express it, policy refused, budget). */
  skipped: string | null;
}
