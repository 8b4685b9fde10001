// Signs that an operation or a response belongs to an AI (language-model) endpoint, and the metadata an
// AI response may disclose. Data only: detect.ts and extract.ts score and read these rows.

/** Path segments that name an AI endpoint. weight 2: specific to AI; 1: also common in ordinary APIs. */
export const AI_PATH_ROWS: readonly { id: string; regex: RegExp; weight: 1 | 2 }[] = [
  { id: "chat-completions", regex: /\/chat\/completions?(?:\/|$)/i, weight: 2 },
  { id: "completions", regex: /\/completions?(?:\/|$)/i, weight: 2 },
  { id: "responses-api", regex: /\/v\d+\/responses(?:\/|$)/i, weight: 2 },
  { id: "generate", regex: /\/(?:generate|generation|text-generation|infer|inference|predict)(?:\/|$)/i, weight: 2 },
  { id: "prompt", regex: /\/(?:prompts?|llm|ai|gpt|chatbot|copilot|assistant|assistants)(?:\/|$)/i, weight: 2 },
  { id: "ask", regex: /\/(?:ask|agent|agents|rag)(?:\/|$)/i, weight: 2 },
  { id: "chat", regex: /\/(?:chat|converse|conversation|conversations)(?:\/|$)/i, weight: 1 },
  { id: "messages", regex: /\/messages(?:\/|$)/i, weight: 1 },
  { id: "query", regex: /\/(?:query|question|questions|answer)(?:\/|$)/i, weight: 1 },
];

/** Words in operation summaries, descriptions, ids and tags that say "a model answers here". */
export const AI_TEXT =
  /\b(?:LLM|large language model|language model|GPT-?\d?|chat ?bot|chat completions?|AI assistant|assistant|completion|prompt|generative|gen ?AI|Claude|Gemini|Llama|Mistral|inference|RAG|retrieval[- ]augmented|copilot|agent)\b/i;

/** Request-body properties that carry the prompt, in order of preference, with the shape they imply. */
export const PROMPT_FIELDS: readonly { field: string; shape: string; weight: 1 | 2 | 3 }[] = [
  { field: "messages", shape: "openai", weight: 3 },
  { field: "prompt", shape: "prompt", weight: 2 },
  { field: "input", shape: "input", weight: 1 },
  { field: "message", shape: "message", weight: 1 },
  { field: "query", shape: "query", weight: 1 },
  { field: "question", shape: "field:question", weight: 1 },
  { field: "text", shape: "field:text", weight: 1 },
  { field: "content", shape: "field:content", weight: 1 },
  { field: "instruction", shape: "field:instruction", weight: 1 },
  { field: "user_input", shape: "field:user_input", weight: 1 },
];

/** Paths tried (one GET each) when the spec names no AI endpoint, depth standard and deep only. */
export const WELL_KNOWN_AI_PATHS: readonly string[] = [
  "/v1/chat/completions",
  "/chat/completions",
  "/v1/messages",
  "/api/chat",
  "/chat",
  "/v1/completions",
  "/api/generate",
  "/generate",
  "/ask",
  "/prompt",
  "/agent",
];

/**
 * Words of a chat/completions API's own vocabulary: a GET or OPTIONS answer (once the requested path is
 * removed from it, so an echo of the URL does not count) that names two of them speaks that API.
 */
export const AI_API_TERMS = /\b(messages|prompt|max_tokens|max_completion_tokens|temperature|completions?|choices|stop_sequences|num_predict|system_prompt|model)\b/gi;

/** Model identifiers as providers and open-weight families name them. */
export const MODEL_NAME =
  /\b(?:gpt-?(?:3\.5|4(?:\.\d)?|4o|5)(?:[-.][\w.]{1,24})?|o[134](?:-(?:mini|preview|pro))?(?:-\d{4}-\d{2}-\d{2})?|chatgpt-[\w.-]{1,24}|text-davinci-\d{3}|claude-[\w.-]{1,40}|gemini-[\w.-]{1,30}|gemma-?[\w.:-]{0,20}|(?:meta-)?llama-?\d(?:\.\d)?[\w.:-]{0,30}|mistral-[\w.-]{1,30}|mixtral-[\w.-]{1,30}|command-r[\w.+-]{0,20}|qwen[\d.]*-[\w.:-]{1,30}|deepseek-[\w.-]{1,30}|phi-\d[\w.-]{0,20}|grok-[\w.-]{1,20})\b/i;

/** Response headers some gateways use to name the model or the provider. */
export const MODEL_HEADERS: readonly string[] = ["openai-model", "x-model", "x-model-id", "x-llm-model", "anthropic-model", "x-ai-model"];

/** Response headers that carry usage, token or processing metadata. */
export const USAGE_HEADERS: readonly RegExp[] = [
  /^x-ratelimit-(?:limit|remaining|reset)-tokens$/,
  /^openai-processing-ms$/,
  /^x-(?:tokens|token-count|usage)(?:-[\w]+)?$/,
  /^anthropic-ratelimit-(?:input|output)?-?tokens-(?:limit|remaining)$/,
];

/** Keys that carry token usage or cost in a JSON response. */
export const USAGE_KEYS = /^(?:prompt_tokens|completion_tokens|total_tokens|input_tokens|output_tokens|cache_(?:creation|read)_input_tokens|promptTokenCount|candidatesTokenCount|totalTokenCount|eval_count|prompt_eval_count|cost|cost_usd|total_cost|price)$/;
