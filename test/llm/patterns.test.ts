// The LLM pattern tables: every row matches its positive sample and not its negative one.
import { describe, expect, it } from "vitest";
import { AI_PATH_ROWS, MODEL_NAME, USAGE_KEYS } from "../../src/patterns/llm-detection.js";
import { PROMPT_FORMAT_ROWS } from "../../src/patterns/llm-prompt-formats.js";
import { REFUSAL_ROWS } from "../../src/patterns/llm-refusals.js";
import { guardBlockIn, refusalIn } from "../../src/llm/refusal.js";

describe("prompt-format leak rows", () => {
  it("have unique ids and cover the published template families", () => {
    const ids = PROMPT_FORMAT_ROWS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const formats = PROMPT_FORMAT_ROWS.map((r) => r.format).join(" ");
    for (const family of ["ChatML", "Llama 2", "Llama 3", "Mistral", "Alpaca", "Gemma", "plain-language"]) expect(formats).toContain(family);
  });
  for (const row of PROMPT_FORMAT_ROWS) {
    it(`${row.id} matches its positive sample and not its negative one`, () => {
      expect(row.regex.test(row.samples.positive)).toBe(true);
      expect(row.regex.test(row.samples.negative)).toBe(false);
    });
  }
});

describe("refusal rows", () => {
  for (const row of REFUSAL_ROWS) {
    it(`${row.id} matches its positive sample and not its negative one`, () => {
      expect(row.regex.test(row.samples.positive)).toBe(true);
      expect(row.regex.test(row.samples.negative)).toBe(false);
    });
  }
  it("reads refusals near the start of a reply, and guard errors in bodies", () => {
    expect(refusalIn("I'm sorry, but I can't help with that request.")).toBe("sorry-but");
    expect(refusalIn(`${"Once upon a time. ".repeat(40)} I cannot reveal that, said the dragon.`)).toBeNull();
    expect(refusalIn("Sure! Here is your order status.")).toBeNull();
    expect(guardBlockIn(`{"error":{"code":"content_filter","message":"The prompt was flagged"}}`)).toBe("moderation");
    expect(guardBlockIn(`{"detail":"Not Found"}`)).toBeNull();
  });
});

describe("detection rows", () => {
  it("names AI paths and not ordinary ones", () => {
    const hit = (p: string) => AI_PATH_ROWS.some((r) => r.regex.test(p));
    for (const p of ["/v1/chat/completions", "/api/generate", "/ask", "/v1/messages", "/agent", "/prompt"]) expect(hit(p), p).toBe(true);
    for (const p of ["/users/{id}", "/orders", "/health", "/chatter", "/promptly"]) expect(hit(p), p).toBe(false);
  });
  it("recognises model identifiers and usage keys", () => {
    for (const m of ["gpt-4o-mini-2024-07-18", "claude-3-5-haiku-20241022", "llama-2-13b-chat", "mistral-large-latest", "gemini-1.5-pro", "o1-mini"]) expect(MODEL_NAME.test(m), m).toBe(true);
    for (const m of ["Model S", "standard", "v2"]) expect(MODEL_NAME.test(m), m).toBe(false);
    expect(USAGE_KEYS.test("prompt_tokens")).toBe(true);
    expect(USAGE_KEYS.test("price_list")).toBe(false);
  });
});
