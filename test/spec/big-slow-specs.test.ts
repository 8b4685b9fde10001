// Large and slow specifications through the real HTTP layer: a 2 MB spec by URL or discovered is loaded
// whole (the file limit, not the 1 MiB body cap of probes); a spec found but refused is reported with
// its reason, never as "none found"; a server that drip-feeds every well-known path holds discovery only
// until its one deadline.
import { afterAll, describe, expect, it } from "vitest";
import { SpecError } from "../../src/core/errors.js";
import { planScan } from "../../src/engine/plan.js";
import { scan } from "../../src/engine/scan.js";
import { renderSummary } from "../../src/report/renderers/summary.js";
import { loadSpec } from "../../src/spec/index.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** An OpenAPI document of `count` read operations with long descriptions: about 2 MB for 2,500. */
function bigSpec(count: number): string {
  const paths: Record<string, unknown> = {};
  const prose = "Returns the resource with every field the caller may read; paginated, filtered and sorted as documented. ".repeat(6);
  for (let i = 0; i < count; i++) {
    paths[`/resources${i}/{id}`] = {
      get: {
        operationId: `getResource${i}`,
        description: prose,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: { 200: { description: "ok", content: { "application/json": { schema: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } } } } } } },
      },
    };
  }
  return JSON.stringify({ openapi: "3.0.3", info: { title: "big", version: "1" }, paths });
}

async function serve(routes: Record<string, string>): Promise<RunningServer> {
  const s = await startServer((req, res) => {
    const body = routes[req.url ?? "/"];
    if (body === undefined) return json(res, req.url === "/" ? 200 : 404, req.url === "/" ? { ok: true } : { error: "not found" });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  servers.push(s);
  return s;
}

const BIG_OPERATIONS = 2500;
const big = bigSpec(BIG_OPERATIONS);

describe("a spec larger than the probes' 1 MiB body cap", () => {
  it("is about 2 MB", () => {
    expect(Buffer.byteLength(big)).toBeGreaterThan(2_000_000);
  });

  it("loads whole when passed as a URL", async () => {
    const s = await serve({ "/specs/big.json": big });
    const plan = await planScan({ target: s.url, spec: `${s.url}/specs/big.json` });
    expect(plan.specSource).toBe(`${s.url}/specs/big.json`);
    expect(plan.operations).toBe(BIG_OPERATIONS);
  });

  it("loads whole when discovered at a well-known path", async () => {
    const s = await serve({ "/openapi.json": big });
    const plan = await planScan({ target: s.url });
    expect(plan.specSource).toBe(`${s.url}/openapi.json`);
    expect(plan.operations).toBe(BIG_OPERATIONS);
    expect(plan.specRejected).toBeNull();
  });

  it("past the file limit, is refused with the limit named", async () => {
    const fetchCut = async () => ({ status: 200, body: big.slice(0, 1000), contentType: "application/json", truncated: true });
    const e = await loadSpec("http://127.0.0.1:9/openapi.json", { fetch: fetchCut }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).message).toBe("http://127.0.0.1:9/openapi.json: specification larger than the 32 MiB limit for a specification");
  });
});

describe("a spec found but refused", () => {
  it("is reported with its reason in the plan, the report and the summary, never as none found", async () => {
    const broken = `{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}`;
    const s = await serve({ "/openapi.json": broken, "/swagger.json": JSON.stringify({ openapi: "4.0.0", info: { title: "x", version: "1" }, paths: {} }) });
    const plan = await planScan({ target: s.url });
    expect(plan.specSource).toBeNull();
    expect(plan.specRejected).toMatch(new RegExp(`^${s.url}/openapi.json: JSON syntax error`));
    expect(plan.notes.some((n) => n.includes(`${s.url}/swagger.json rejected: Unsupported OpenAPI version '4.0.0'`))).toBe(true);

    const report = await scan({ target: s.url, checks: ["encryption.hsts-missing"], budget: 60 });
    expect(report.target.specRejected).toBe(plan.specRejected);
    expect(report.errors.filter((e) => e.phase === "discover").map((e) => e.message)).toHaveLength(2);
    const summary = renderSummary(report, { color: false });
    expect(summary).toContain(`spec: rejected (${s.url}/openapi.json: JSON syntax error`);
    expect(summary).not.toContain("none found");
  });
});

describe("a server that drip-feeds every well-known spec path", () => {
  it("holds discovery until its one deadline, then the scan goes on and says what did not answer", { timeout: 60_000 }, async () => {
    let open = 0;
    const s = await startServer((req, res) => {
      if (req.url === "/") return json(res, 200, { ok: true });
      // Headers at once, then a byte every 200 ms, never ending: each probe lasts until its deadline.
      open++;
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const t = setInterval(() => res.write(" "), 200);
      res.on("close", () => clearInterval(t));
    });
    servers.push(s);
    // --timeout 1000: discovery's deadline is the timeout plus 5 s, for all locations together.
    const plan = await planScan({ target: s.url, timeoutMs: 1000 });
    expect(plan.specSource).toBeNull();
    expect(open).toBeGreaterThan(1);
    expect(plan.notes.join("\n")).toMatch(/spec discovery: \d+ of the well-known locations did not answer within its 6 s deadline/);
  });
});
