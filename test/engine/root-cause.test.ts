// One finding per root cause: a weak JWT signing key, a missing header, oversized answers and credentials
// over plaintext are each reported once for the API, listing every identity and place they were seen.
import { describe, expect, it } from "vitest";
import { signHmac } from "../../src/jwt/index.js";
import { buildFinding, FindingMerger, mergeFindings, rootCauseKey } from "../../src/engine/findings.js";
import type { FindingInput } from "../../src/core/check.js";
import oversizedResponse from "../../src/checks/rateLimiting/oversized-response.js";
import { renderMarkdown } from "../../src/report/renderers/markdown.js";
import { renderSarif } from "../../src/report/renderers/sarif.js";
import type { Finding } from "../../src/core/types.js";
import { findingsOf, reportText, scanApp } from "../apps/framework-scan.js";
import { scan } from "../../src/index.js";
import type { ScanEvent } from "../../src/engine/events.js";
import { startServer } from "../helpers/fixture-server.js";
import { json } from "../helpers/fixture-server.js";

const now = Math.floor(Date.now() / 1000);
const WEAK = "supersecret"; // in the bundled wordlist
const sign = (sub: string) => signHmac({ alg: "HS256", typ: "JWT" }, { iss: "orders", sub, iat: now, exp: now + 600 }, WEAK);
const alice = sign("alice");
const bob = sign("bob");
const issued = sign("carol");
const big = Array.from({ length: 1500 }, (_, i) => ({ id: i + 1, sku: `S-${i}` }));

const spec = {
  openapi: "3.0.3",
  info: { title: "Orders", version: "1" },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    // A token in the spec's own example: the same signing key, one more place it shows.
    examples: { token: { value: { token: issued } } },
  },
  security: [{ bearer: [] }],
  paths: {
    "/me": { get: { responses: { "200": { description: "profile" } } } },
    "/orders": { get: { responses: { "200": { description: "orders" } } } },
    "/products": { get: { responses: { "200": { description: "products" } } } },
    "/export": { get: { responses: { "200": { description: "export" } } } },
    "/session": { get: { responses: { "200": { description: "session" } } } },
  },
};

function app(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): void {
  const auth = req.headers.authorization ?? "";
  const who = auth === `Bearer ${alice}` ? "alice" : auth === `Bearer ${bob}` ? "bob" : null;
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/openapi.json") return json(res, 200, spec);
  if (!who) return json(res, 401, { error: "unauthorized" }, { "www-authenticate": 'Bearer realm="api"' });
  if (path === "/me") return json(res, 200, { user: who });
  if (path === "/orders") return json(res, 200, big);
  if (path === "/export") return json(res, 200, { rows: big });
  if (path === "/products") return json(res, 200, [{ id: 1, name: "tea" }]);
  if (path === "/session") return json(res, 200, { token: issued });
  return json(res, 404, { error: "not found" });
}

const checks = [
  "authentication.jwt-weak-secret",
  "inputValidation.missing-content-type-options",
  "rateLimiting.oversized-response",
  "encryption.credentials-over-plaintext",
];

describe("one finding per root cause", () => {
  it("lists every identity and place of one weak key, and every operation of API-wide problems", async () => {
    const r = await scanApp(app, { spec: null, auth: [`@alice=bearer:${alice}`, `@bob=bearer:${bob}`], checks });

    const jwt = findingsOf(r, "authentication.jwt-weak-secret");
    expect(jwt).toHaveLength(1);
    const places = jwt[0]!.occurrences ?? [];
    expect(places.filter((o) => o.identity).map((o) => o.identity).sort()).toEqual(["alice", "bob"]);
    expect(places.map((o) => o.operation)).toEqual(expect.arrayContaining(["GET /session"]));
    expect(places.some((o) => o.operation?.includes("openapi"))).toBe(true);
    expect(reportText(r)).not.toContain(WEAK);

    const nosniff = findingsOf(r, "inputValidation.missing-content-type-options");
    expect(nosniff).toHaveLength(1);
    expect(nosniff[0]!.occurrences?.map((o) => o.operation)).toEqual(expect.arrayContaining(["GET /me", "GET /orders", "GET /products"]));

    const oversized = findingsOf(r, "rateLimiting.oversized-response");
    expect(oversized).toHaveLength(1);
    expect(oversized[0]!.operation).toBeNull();
    expect(oversized[0]!.occurrences?.map((o) => o.operation).sort()).toEqual(["GET /export", "GET /orders"]);

    const plaintext = findingsOf(r, "encryption.credentials-over-plaintext");
    expect(plaintext).toHaveLength(1);
    const ops = new Set(plaintext[0]!.occurrences?.map((o) => o.operation));
    expect([...ops]).toEqual(expect.arrayContaining(["GET /me", "GET /orders", "GET /products", "GET /export", "GET /session"]));

    // Renderers name the places.
    expect(renderMarkdown(r)).toMatch(/Seen at:.*GET \/export/);
    const sarif = JSON.parse(renderSarif(r)) as { runs: { results: { ruleId: string; properties: { occurrences?: string[] } }[] }[] };
    expect(sarif.runs[0]!.results.find((x) => x.ruleId === "rateLimiting.oversized-response")?.properties.occurrences).toHaveLength(2);
  });

  it("bounds the listed places and counts the rest", () => {
    const base: Finding = {
      id: "f",
      checkId: "rateLimiting.oversized-response",
      category: "rateLimiting",
      severity: "low",
      confidence: "confirmed",
      title: "t",
      description: "d",
      operation: { method: "GET", path: "/p0", url: "http://x/p0" },
      evidence: [],
      reproduce: null,
      remediation: { summary: "s", framework: null, steps: [], code: null },
      references: {},
      occurrences: [{ operation: "GET /p0" }],
    };
    const many = Array.from({ length: 130 }, (_, i) => ({ ...base, occurrences: [{ operation: `GET /p${i}` }] }));
    const [merged, ...rest] = mergeFindings(many);
    expect(rest).toEqual([]);
    expect(merged!.occurrences).toHaveLength(100);
    expect(merged!.occurrencesOmitted).toBe(30);
    expect(merged!.operation).toBeNull();
  });

  it("progress announces a root cause once, however many places report it again", async () => {
    const paths = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`/r${i}`, { get: { operationId: `list_r${i}`, responses: { 200: { description: "ok" } } } }]),
    );
    const spec = {
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-API-Key" } } },
      security: [{ key: [] }],
      paths,
    };
    const server = await startServer((req, res) => {
      res.writeHead(req.url === "/openapi.json" ? 200 : 401, { "content-type": "application/json" });
      res.end(req.url === "/openapi.json" ? JSON.stringify(spec) : '{"detail":"unauthorized"}');
    });
    const events: ScanEvent[] = [];
    try {
      const report = await scan(
        { target: server.url, auth: ["header:X-API-Key=k"], checks: ["encryption.credentials-over-plaintext"], env: {} },
        { onProgress: (e) => events.push(e) },
      );
      const [finding] = findingsOf(report, "encryption.credentials-over-plaintext");
      expect(finding!.occurrences!.length).toBeGreaterThanOrEqual(30); // one cause, seen at every operation
      expect(events.filter((e) => e.type === "finding")).toEqual([{ type: "finding", checkId: "encryption.credentials-over-plaintext", severity: "high" }]);
    } finally {
      await server.close();
    }
  });

  it("counts a place past the bound once, however often it is reported again", () => {
    const merger = new FindingMerger();
    const meta = oversizedResponse.meta;
    const b = { meta, context: null, baseUrl: "http://x", curl: () => "curl", specFile: null };
    const report = (i: number) =>
      merger.addReported({ confidence: "confirmed", key: "k", where: { operation: `GET /p${i}`, identity: "a" }, evidence: [] }, b);
    for (let i = 0; i < 130; i++) report(i);
    for (let i = 90; i < 130; i++) report(i); // listed and omitted places, reported again
    const [f] = merger.findings();
    expect(f!.occurrences).toHaveLength(100);
    expect(f!.occurrences![0]).toEqual({ operation: "GET /p0", identity: "a" });
    expect(f!.occurrencesOmitted).toBe(30);
  });
  it("merges raw reports as it merges their built findings: places by operation, identity and place, scrubbed", () => {
    const meta = oversizedResponse.meta;
    const b = { meta, context: null, baseUrl: "http://x", curl: () => "curl", specFile: null };
    const ops = Array.from({ length: 8 }, (_, i) => ({ method: "GET", path: `/p${i}` }));
    const inputs: FindingInput[] = [];
    for (let i = 0; i < 260; i++) {
      const op = ops[i % ops.length]!;
      const shape = i % 7;
      const where: FindingInput["where"] =
        shape === 0
          ? { identity: i % 2 ? "alice" : "bob" }
          : shape === 1
            ? { operation: `GET /q${i % 150}`, identity: "alice" }
            : shape === 2
              ? { place: i % 3 ? "Set-Cookie session" : "password=hunter22secret" }
              : shape === 3
                ? {}
                : shape === 4
                  ? [{ identity: "carol" }, { operation: `POST /z${i % 40}` }, { identity: "carol" }]
                  : shape === 5
                    ? { operation: "", identity: "dave" }
                    : { operation: `GET /p${i % 9}`, place: `url http://u:pw${i % 4}pass@h/` };
      inputs.push({
        confidence: i % 5 ? "firm" : "confirmed",
        severity: i % 11 ? "low" : "medium",
        key: "k",
        ...(i % 4 ? { operation: op } : {}),
        where,
        evidence: [{ request: `GET /p${i % 9}`, status: 200, excerpt: `e${i % 6}` }],
      });
    }
    const merger = new FindingMerger();
    for (const input of inputs) merger.addReported(input, b);
    expect(merger.findings()).toEqual(mergeFindings(inputs.map((input) => buildFinding(input, b))));
    const grouped = new FindingMerger(); // one root cause's reports handed over together, as the scan does
    grouped.addReportedAll(inputs, b, rootCauseKey(inputs[0]!, meta));
    expect(grouped.findings()).toEqual(merger.findings());
    const [f] = merger.findings();
    expect(f!.occurrences).toHaveLength(100);
    expect(f!.occurrencesOmitted).toBeGreaterThan(0);
  });
});
