// The shared assessment: one probe at a time however many checks ask, paced, and endpoint discovery
// from well-known paths when there is no spec.
import { afterEach, describe, expect, it } from "vitest";
import { llmSecurityChecks } from "../../src/checks/llmSecurity/index.js";
import { getAssessment } from "../../src/llm/session.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { startTools } from "./fixtures/tools.js";
import { runChecks, testScan } from "./helpers/context.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe("assessment session", () => {
  it("sends prompts strictly one after another, paced, while twelve checks run concurrently", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const arrivals: number[] = [];
    const s = await startServer(async (req, res) => {
      for await (const _ of req) void _;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      arrivals.push(performance.now());
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      json(res, 200, { model: "gpt-4o-mini", choices: [{ message: { role: "assistant", content: "Hello." } }] });
    });
    open.push(s);
    const pace = 40;
    const t = await testScan({ target: `${s.url}/v1/chat/completions`, depth: "quick", pace });
    open.push(t);
    await runChecks(t, llmSecurityChecks);
    expect(maxInFlight).toBe(1);
    // shape learning (1) + baseline (doubles as the anonymous prompt) + 5 quick probes
    expect(arrivals.length).toBe(7);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(pace - 2);
  });

  it("finds a POST-only AI endpoint at a well-known path when there is no spec and its GET speaks the API, but not at quick depth", async () => {
    // What Anthropic-style APIs say to a GET: an error naming the request's own fields.
    const app = await startTools({ status: 405, body: { type: "error", error: { type: "invalid_request_error", message: "POST a JSON body with model, max_tokens and messages" } } });
    open.push(app);
    const t = await testScan({ target: app.url, depth: "standard" });
    open.push(t);
    const a = await getAssessment(t.context("llmSecurity.endpoint-detected"));
    expect(a.endpoints.map((e) => [e.endpoint.path, e.endpoint.source, e.shape])).toEqual([["/v1/messages", "well-known", "anthropic"]]);
    expect(a.endpoints[0]?.endpoint.reasons.join(" ")).toMatch(/GET answered 405, names "model", "max_tokens", "messages"/);
    expect(t.shared.get("applicable:llmSecurity")).toBe(true);
    const quick = await testScan({ target: app.url, depth: "quick" });
    open.push(quick);
    expect((await getAssessment(quick.context("x"))).endpoints).toEqual([]);
    expect(quick.http.exchanges()).toEqual([]);
    expect(quick.shared.has("applicable:llmSecurity")).toBe(false);
  });

  it("a bare 405 on a guessed path earns no prompt in safe mode (GET and OPTIONS only); active mode still tries it", async () => {
    const app = await startTools(); // GET/OPTIONS: {"detail":"Method Not Allowed"}
    open.push(app);
    const safe = await testScan({ target: app.url, depth: "standard" });
    open.push(safe);
    expect((await getAssessment(safe.context("x"))).endpoints).toEqual([]);
    expect(safe.http.exchanges().filter((e) => e.request.method === "POST")).toEqual([]);
    expect(safe.http.exchanges().some((e) => e.request.method === "OPTIONS")).toBe(true);
    const active = await testScan({ target: app.url, depth: "standard", mode: "active" });
    open.push(active);
    expect((await getAssessment(active.context("x"))).endpoints.map((e) => e.endpoint.path)).toEqual(["/v1/messages"]);
  });

  it("records a target that never answers as not reachable, with no crash", async () => {
    const s = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    open.push(s);
    const t = await testScan({ target: `${s.url}/generate`, llm: { targetIsEndpoint: true } });
    open.push(t);
    const a = await getAssessment(t.context("x"));
    expect(a.endpoints[0]).toMatchObject({ reachable: false, shape: null });
    expect(a.endpoints[0]?.notes.join(" ")).toContain("no shape answered after 4 tries");
  });
});
