// The optional OpenAI-compatible judge: consulted only for extraction replies no pattern matched, its
// "yes" recorded as tentative with its reasoning; unreachable or unusable judges change nothing.
import { afterEach, describe, expect, it } from "vitest";
import { llmSecurityChecks } from "../../src/checks/llmSecurity/index.js";
import { judgeEndpoint, parseJudgeAnswer } from "../../src/llm/remote-judge.js";
import { getAssessment } from "../../src/llm/session.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { asksForPrompt } from "./fixtures/brain.js";
import { startWrapper, type FixtureApp } from "./fixtures/wrapper.js";
import { runChecks, testScan } from "./helpers/context.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** Paraphrases its instructions when asked: no template marker, no quotable preamble. */
async function startParaphraser(): Promise<FixtureApp> {
  const app = await startWrapper({
    path: "/ask",
    accepts: { kind: "field", field: "query" },
    model: (req) => ({ text: asksForPrompt(req.text) ? "Sure. My guidelines tell me to help ACME shoppers with orders and to keep the staff discount private." : "Blue." }),
    respond: (out) => ({ answer: out.text }),
  });
  open.push(app);
  return app;
}

/** A judge model: says "leak" when the reply mentions guidelines, and counts what it was sent. */
async function startJudge(seen: { prompts: string[]; auth: string[] }): Promise<RunningServer> {
  const s = await startServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += String(c);
    const body = JSON.parse(raw) as { messages: { content: string }[] };
    const user = body.messages.at(-1)?.content ?? "";
    seen.prompts.push(user);
    seen.auth.push(String(req.headers.authorization ?? ""));
    const leak = /REPLY:\n.*guidelines/s.test(user);
    json(res, 200, { choices: [{ message: { role: "assistant", content: JSON.stringify({ leak, reason: leak ? "the reply paraphrases its hidden guidelines" : "no disclosure" }) } }] });
  });
  open.push(s);
  return s;
}

describe("remote judge", () => {
  it("parses answers and builds the completions URL", () => {
    expect(parseJudgeAnswer('```json\n{"leak": true, "reason": "quotes rules"}\n```')).toEqual({ leak: true, reason: "quotes rules" });
    expect(parseJudgeAnswer("yes")).toBeNull();
    expect(judgeEndpoint("http://127.0.0.1:1")).toBe("http://127.0.0.1:1/v1/chat/completions");
    expect(judgeEndpoint("http://127.0.0.1:1/v1")).toBe("http://127.0.0.1:1/v1/chat/completions");
    expect(judgeEndpoint("http://127.0.0.1:1/v1/chat/completions")).toBe("http://127.0.0.1:1/v1/chat/completions");
  });

  it("is never consulted by default, and the deterministic judge misses a paraphrase", async () => {
    const app = await startParaphraser();
    const t = await testScan({ target: app.endpoint, llm: { targetIsEndpoint: true } });
    open.push(t);
    await runChecks(t, llmSecurityChecks);
    expect(t.findings.map((f) => f.checkId)).not.toContain("llmSecurity.system-prompt-leak");
  });

  it("turns a paraphrased leak into a tentative finding that names the judge", async () => {
    const app = await startParaphraser();
    const seen = { prompts: [] as string[], auth: [] as string[] };
    const judge = await startJudge(seen);
    const t = await testScan({ target: app.endpoint, llm: { targetIsEndpoint: true, judge: { url: judge.url, model: "judge-1", apiKey: "jk-123" } } });
    open.push(t);
    await runChecks(t, llmSecurityChecks);
    const leak = t.findings.find((f) => f.checkId === "llmSecurity.system-prompt-leak");
    expect(leak?.confidence).toBe("tentative");
    expect(leak?.evidence[0]?.note).toContain("judged by judge-1");
    // Only extraction probes without a plain twin are reviewed, each once.
    const extraction = (await getAssessment(t.context("x"))).endpoints[0]!.results.filter((r) => r.probe.family === "system-prompt-extraction");
    expect(seen.prompts.length).toBe(extraction.length);
    expect(seen.auth.every((a) => a === "Bearer jk-123")).toBe(true);
  });

  it("leaves verdicts alone when the judge is down", async () => {
    const app = await startParaphraser();
    const dead = await startServer((_req, res) => json(res, 503, { error: "overloaded" }));
    open.push(dead);
    const t = await testScan({ target: app.endpoint, depth: "quick", llm: { targetIsEndpoint: true, judge: { url: dead.url, model: "judge-1", apiKey: null } } });
    open.push(t);
    const a = await getAssessment(t.context("x"));
    const r = a.endpoints[0]!.results.find((x) => x.probe.id === "extract-repeat-above")!;
    expect(r.verdict.success).toBe(false);
    expect(r.verdict.note).toContain("answered HTTP 503");
  });
});
