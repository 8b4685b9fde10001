// Reply extraction across the API styles Rampart meets: text, model, usage and tool calls.
import { describe, expect, it } from "vitest";
import { parseReply } from "../../src/llm/extract.js";
import { exchangeOf } from "./helpers/exchange.js";

const reply = (body: unknown, contentType?: string) => parseReply(exchangeOf(200, body, contentType ? { contentType } : {}).response!);

describe("parseReply", () => {
  it("reads OpenAI chat completions with model, usage and tool calls", () => {
    const r = reply({ model: "gpt-4o", choices: [{ message: { role: "assistant", content: "Hi", tool_calls: [{ function: { name: "lookup", arguments: '{"id":1}' } }] } }], usage: { prompt_tokens: 9, completion_tokens: 1 } });
    expect(r).toMatchObject({ style: "openai", text: "Hi", model: "gpt-4o", usage: { prompt_tokens: 9, completion_tokens: 1 }, aiShaped: true });
    expect(r?.toolCalls).toEqual([{ name: "lookup", args: '{"id":1}' }]);
  });
  it("reads Anthropic messages with tool_use blocks", () => {
    const r = reply({ type: "message", role: "assistant", model: "claude-3-5-haiku-20241022", content: [{ type: "text", text: "On it" }, { type: "tool_use", name: "delete_user", input: { id: 7 } }], usage: { input_tokens: 5, output_tokens: 2 } });
    expect(r).toMatchObject({ style: "anthropic", text: "On it", toolCalls: [{ name: "delete_user", args: '{"id":7}' }] });
  });
  it("reads the Responses API, Gemini, Ollama and Hugging Face styles", () => {
    expect(reply({ object: "response", output_text: "Yes" })).toMatchObject({ style: "responses", text: "Yes" });
    expect(reply({ candidates: [{ content: { parts: [{ text: "Hola" }] } }], usageMetadata: { totalTokenCount: 4 } })).toMatchObject({ style: "gemini", text: "Hola", usage: { totalTokenCount: 4 } });
    expect(reply({ model: "llama3:8b", message: { role: "assistant", content: "Hey" }, eval_count: 3 })).toMatchObject({ text: "Hey", aiShaped: true });
    expect(reply([{ generated_text: "x" }])).toBeNull();
    expect(reply({ data: [{ generated_text: "Hi there" }] })).toMatchObject({ text: "Hi there" });
  });
  it("reads generic wrappers, plain text and SSE streams", () => {
    expect(reply({ reply: "You said: hi" })).toMatchObject({ style: "generic", text: "You said: hi", aiShaped: false });
    expect(reply({ answer: { content: "42" } })).toMatchObject({ text: "42" });
    expect(reply("plain answer", "text/plain; charset=utf-8")).toMatchObject({ style: "text", text: "plain answer" });
    const sse = 'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: [DONE]\n';
    expect(reply(sse, "text/event-stream")).toMatchObject({ style: "sse", text: "Hello" });
  });
  it("does not call ordinary API responses AI-shaped", () => {
    expect(reply({ id: 1, name: "Widget", price: 12, cost: 3 })).toBeNull();
    expect(reply({ message: "Not found" })?.aiShaped).toBe(false);
    expect(reply({ model: "Model S", text: "A car" })?.aiShaped).toBe(false);
    expect(reply("<html></html>", "text/html")).toBeNull();
  });
});
