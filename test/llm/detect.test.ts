// AI endpoint detection from specs: path, operation text and request schema, and what is not one.
import { describe, expect, it } from "vitest";
import { detectFromSpec, endpointForTarget, shapeFromSchema } from "../../src/llm/detect.js";
import { loadParsedSpec } from "../../src/spec/index.js";
import { specFor } from "./fixtures/wrapper.js";

const BASE = "http://127.0.0.1:9";
const load = (spec: Record<string, unknown>) => loadParsedSpec(`${BASE}/openapi.json`, spec);

describe("detectFromSpec", () => {
  it("finds an OpenAI-style chat endpoint and keeps the spec's sample body (model)", async () => {
    const api = await load(specFor("/v1/chat/completions", "Chat completions", { type: "object", required: ["model", "messages"], properties: { model: { type: "string", example: "gpt-4o-mini" }, messages: { type: "array" }, max_tokens: { type: "integer" } } }));
    const [ep] = detectFromSpec(api, BASE, api.basePath);
    expect(ep).toMatchObject({ shape: "openai", maxTokensField: "max_tokens", source: "spec", url: `${BASE}/v1/chat/completions` });
    expect(ep?.base.model).toBe("gpt-4o-mini");
  });

  it("reads prompt fields, operation text and declared security", async () => {
    const api = await load(specFor("/api/ask", "Ask the order assistant (LLM)", { type: "object", required: ["input"], properties: { input: { type: "string" } } }, true));
    const [ep] = detectFromSpec(api, BASE, api.basePath);
    expect(ep).toMatchObject({ shape: "input", securedBySpec: true });
    expect(ep?.reasons.join(" ")).toMatch(/operation text mentions "(?:assistant|LLM)"/);
    const chat = await load(specFor("/chat", "Talk to the support chatbot", { type: "object", properties: { message: { type: "string" } } }));
    expect(detectFromSpec(chat, BASE, chat.basePath)[0]?.shape).toBe("message");
  });

  it("ignores ordinary operations that merely have a text field", async () => {
    const api = await load(specFor("/users/{id}/messages", "Send a message to a user", { type: "object", properties: { text: { type: "string" } } }));
    expect(detectFromSpec(api, BASE, api.basePath)).toEqual([]);
    const search = await load(specFor("/search", "Search products", { type: "object", properties: { query: { type: "string" } } }));
    expect(detectFromSpec(search, BASE, search.basePath)).toEqual([]);
  });

  it("tells Anthropic messages from OpenAI chat by schema", () => {
    expect(shapeFromSchema({ type: "object", required: ["model", "max_tokens", "messages"], properties: { system: { type: "string" }, messages: { type: "array" }, max_tokens: { type: "integer" } } }).shape).toBe("anthropic");
    expect(shapeFromSchema({ allOf: [{ type: "object", properties: { prompt: { type: "string" }, max_new_tokens: { type: "integer" } } }] })).toMatchObject({ shape: "prompt", maxTokensField: "max_new_tokens" });
    expect(shapeFromSchema({ type: "object", required: ["utterance"], properties: { utterance: { type: "string" } } }).shape).toBe("field:utterance");
  });
});

describe("endpointForTarget", () => {
  it("takes the target itself when named, or when its path is an AI path", () => {
    expect(endpointForTarget(`${BASE}/v1/chat/completions`, false)?.source).toBe("target");
    expect(endpointForTarget(`${BASE}/chat`, false)).toBeNull();
    expect(endpointForTarget(`${BASE}/chat`, true)?.path).toBe("/chat");
  });
});
