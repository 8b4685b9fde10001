// Learning the request shape at runtime from real endpoints: path guesses, validation errors, bounds.
import { afterEach, describe, expect, it } from "vitest";
import type { Exchange } from "../../src/core/types.js";
import { createHttpClient } from "../../src/http/client.js";
import { fieldHints, guessShapes, learnShape } from "../../src/llm/learn.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { startEcho } from "./fixtures/echo.js";
import { startRoleplay } from "./fixtures/roleplay.js";
import { startTools } from "./fixtures/tools.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function poster(url: string) {
  const http = createHttpClient({ baseUrl: new URL(url).origin, mode: "safe", identities: [], budget: 50, ratePerSecond: 1000, concurrency: 2, timeoutMs: 5000, maxBodyBytes: 1 << 20, userAgent: "rampart-test", includeOperations: [] });
  open.push(http);
  return {
    http,
    send: (body: Record<string, unknown>): Promise<Exchange> =>
      http.send({ method: "POST", url, headers: { "content-type": "application/json" }, body: JSON.stringify(body), aiPrompt: true }),
  };
}

async function serve(handler: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const s = await startServer(handler);
  open.push(s);
  return s;
}

describe("fieldHints", () => {
  it("reads the prompt field from common validation errors", () => {
    expect(fieldHints(`{"detail":[{"type":"missing","loc":["body","question"],"msg":"Field required"}]}`).fields).toEqual(["question"]);
    expect(fieldHints(`{"error":"\\"message\\" is required"}`).fields).toEqual(["message"]);
    expect(fieldHints(`{"errors":[{"message":"must have required property 'prompt'"}]}`).fields).toEqual(["prompt"]);
    expect(fieldHints(`{"issues":[{"path":["query"],"code":"invalid_type","message":"Required"}]}`).fields).toEqual(["query"]);
    expect(fieldHints(`missing field \`input\` at line 1 column 2`).fields).toEqual(["input"]);
    expect(fieldHints(`{"type":"error","error":{"message":"max_tokens: Field required"}}`).wantsMaxTokens).toBe(true);
    expect(fieldHints(`{"detail":"model is required"}`).fields).toEqual([]);
  });
  it("guesses from the path first", () => {
    expect(guessShapes("/v1/chat/completions")[0]).toBe("openai");
    expect(guessShapes("/v1/messages")[0]).toBe("anthropic");
    expect(guessShapes("/chat")[0]).toBe("message");
    expect(guessShapes("/ask")[0]).toBe("query");
  });
});

describe("learnShape against live endpoints", () => {
  it("finds {message} on the echo wrapper and the Anthropic shape on the agent", async () => {
    const echo = await startEcho();
    open.push(echo);
    const a = await learnShape("/chat", {}, poster(echo.endpoint).send);
    expect(a).toMatchObject({ shape: "message", tried: ["message"] });
    const tools = await startTools();
    open.push(tools);
    const b = await learnShape("/v1/messages", {}, poster(tools.endpoint).send);
    expect(b.shape).toBe("anthropic");
    expect(b.reply?.style).toBe("anthropic");
  });

  it("learns {query} from the 422 the role-play wrapper sends for a wrong guess", async () => {
    const app = await startRoleplay();
    open.push(app);
    const r = await learnShape("/agent", {}, poster(app.endpoint).send);
    expect(r.shape).toBe("query");
    expect(r.tried).toEqual(["input", "query"]);
    expect(r.how).toContain("validation error");
  });

  it("learns an unusual field and the Anthropic max_tokens requirement from errors", async () => {
    const s = await serve(async (req, res) => {
      let raw = "";
      for await (const c of req) raw += String(c);
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (typeof body.question !== "string") return json(res, 422, { detail: [{ loc: ["body", "question"], msg: "Field required" }] });
      return json(res, 200, { answer: `About "${body.question.slice(0, 10)}": yes.` });
    });
    const r = await learnShape("/v1/llm", {}, poster(`${s.url}/v1/llm`).send);
    expect(r.shape).toBe("field:question");
    const anth = await serve(async (req, res) => {
      let raw = "";
      for await (const c of req) raw += String(c);
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (!Array.isArray(body.messages)) return json(res, 400, { error: { message: "messages: Field required" } });
      if (typeof body.max_tokens !== "number") return json(res, 400, { type: "error", error: { message: "max_tokens: Field required" } });
      return json(res, 200, { type: "message", role: "assistant", content: [{ type: "text", text: "Hello!" }] });
    });
    const b = await learnShape("/v1/chat/completions", {}, poster(`${anth.url}/v1/chat/completions`).send);
    expect(b.tried).toEqual(["openai", "anthropic"]);
    expect(b.shape).toBe("anthropic");
  });

  it("gives up after four requests, and at once on 401", async () => {
    let hits = 0;
    const s = await serve((_req, res) => {
      hits++;
      json(res, 400, { error: "bad request" });
    });
    const r = await learnShape("/generate", {}, poster(`${s.url}/generate`).send);
    expect(r.shape).toBeNull();
    expect(hits).toBe(4);
    const locked = await serve((_req, res) => json(res, 401, { detail: "Not authenticated" }));
    const l = await learnShape("/generate", {}, poster(`${locked.url}/generate`).send);
    expect(l.tried.length).toBe(1);
    expect(l.how).toContain("credentials");
  });
});
