// A catch-all server (every path answers, every method) is no AI endpoint: a safe scan at standard and
// deep depth sends it no POST, whatever status its guessed paths give to GET.
import { describe, expect, it } from "vitest";
import type http from "node:http";
import { scanApp } from "../apps/framework-scan.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { scan } from "../../src/index.js";
import { graphqlApp } from "../apps/graphql-app.js";

function catchAll(getStatus: number, counter: { posts: string[] }) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method === "POST") {
      counter.posts.push(req.url ?? "");
      return json(res, 200, { choices: [{ message: { role: "assistant", content: "Blue." } }] });
    }
    if (getStatus === 405) return json(res, 405, { detail: "Method Not Allowed" }, { allow: "POST" });
    if (getStatus === 400) return json(res, 400, { error: "bad request", path: req.url });
    return json(res, 200, { ok: true, path: req.url });
  };
}

describe("guessed paths against a catch-all server (every check)", () => {
  for (const depth of ["standard", "deep"] as const) {
    it(`a safe ${depth} scan sends no POST to any guessed path (AI or GraphQL)`, async () => {
      const counter = { posts: [] as string[] };
      const r = await scanApp(catchAll(405, counter), { depth });
      expect(counter.posts).toEqual([]);
      expect(r.requests.byMethod["POST"]).toBeUndefined();
    }, 60_000);
  }

  it("a POST-only GraphQL endpoint whose GET answer speaks GraphQL is still found", async () => {
    const app = graphqlApp({ hardened: true }); // GET → 405 {"errors":[{"message":"GraphQL queries must be sent with POST …"}]}
    const server = await startServer(app.handler);
    try {
      const r = await scan({ target: server.url, checks: ["inventoryManagement.graphql-introspection"], discoverSpec: false });
      expect(r.skipped.checks.map((c) => c.reason)).not.toContain("no GraphQL endpoint found");
      expect(r.requests.byMethod["POST"]).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe("AI-endpoint detection against a catch-all server", () => {
  for (const depth of ["standard", "deep"] as const) {
    for (const status of [405, 400, 200]) {
      it(`sends no POST in a safe ${depth} scan when every GET answers ${status}`, async () => {
        const counter = { posts: [] as string[] };
        const r = await scanApp(catchAll(status, counter), { depth, checks: ["llmSecurity."] });
        expect(counter.posts).toEqual([]);
        expect(r.requests.byMethod["POST"]).toBeUndefined();
        expect(r.findings.filter((f) => f.checkId === "llmSecurity.endpoint-detected")).toEqual([]);
      });
    }
  }

  it("a real chat API behind the same paths is still found: its GET answer names the API's fields", async () => {
    const counter = { posts: [] as string[] };
    const r = await scanApp(
      (req, res) => {
        if (req.url !== "/v1/chat/completions") return json(res, 404, { detail: "Not Found" });
        if (req.method === "POST") {
          counter.posts.push(req.url);
          return json(res, 200, { model: "gpt-4o-mini", choices: [{ message: { role: "assistant", content: "Blue." } }] });
        }
        return json(res, 405, { error: { message: "Use POST with a JSON body: model and messages are required" } });
      },
      { depth: "standard", checks: ["llmSecurity.endpoint-detected"], llmPaceMs: 0 },
    );
    expect(counter.posts.length).toBeGreaterThan(0);
    expect(r.findings.map((f) => f.checkId)).toContain("llmSecurity.endpoint-detected");
  });
});
