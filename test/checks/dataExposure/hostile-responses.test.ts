// Hostile responses never crash a check of dataExposure, inputValidation, rateLimiting or
// inventoryManagement: huge and deeply nested JSON, invalid UTF-8, binary bodies, HTML where JSON was
// promised, 10,000 ids, tokens that are not JWTs, and texts built against the pattern tables.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";

const bodies: Record<string, { type: string; body: () => string | Buffer }> = {
  "/huge": { type: "application/json", body: () => `[${Array.from({ length: 120_000 }, (_, i) => `{"id":${i},"email":"u${i}@example.com","ssn":"${String(100 + (i % 700)).padStart(3, "0")}-45-6789"}`).join(",")}]` },
  "/deep": { type: "application/json", body: () => "[".repeat(200_000) + "]".repeat(200_000) },
  "/deep-object": { type: "application/json", body: () => '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000) },
  "/utf8": { type: "application/json", body: () => Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('","ssn":"536-22-1234"}')]) },
  "/binary": { type: "application/octet-stream", body: () => Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)) },
  "/binary-as-json": { type: "application/json", body: () => Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 104729) % 256)) },
  "/html": { type: "application/json", body: () => "<!doctype html><html><body><h1>Welcome</h1><script>var x = 1;</script></body></html>" },
  "/ids": { type: "application/json", body: () => JSON.stringify({ items: Array.from({ length: 10_000 }, (_, i) => ({ id: 900000000000000000 + i * 7919, ref: `4${String(i).padStart(15, "0")}` })) }) },
  "/not-jwt": { type: "application/json", body: () => JSON.stringify({ token: "eyJnotajwt.eyJzdWIi.sig", access_token: "abc.def.ghi", jwt: `eyJ${"A".repeat(5000)}.eyJ${"B".repeat(9000)}.x` }) },
  "/regex-bait": {
    type: "text/plain",
    body: () =>
      [
        "a.".repeat(100_000),
        "1".repeat(100_000),
        "1-".repeat(50_000),
        "@".repeat(50_000),
        `"secret":"${"a1B2".repeat(20_000)}"`,
        "/a".repeat(50_000) + ".rb:1:in `x'",
        " at ".repeat(50_000),
        "Error\n    at ".repeat(10_000),
        "File \"".repeat(20_000),
        "ssn ".repeat(20_000) + "123-45-6789",
        "sk-".repeat(30_000),
        "10.".repeat(50_000),
        "x.internal.".repeat(20_000),
      ].join("\n"),
  },
  "/empty": { type: "application/json", body: () => "" },
  "/null": { type: "application/json", body: () => "null" },
};

const spec = {
  openapi: "3.0.3",
  info: { title: "hostile", version: "1" },
  paths: Object.fromEntries(
    Object.keys(bodies).map((p) => [p, { get: { parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }, { name: "q", in: "query", schema: { type: "string" } }], responses: { "200": { description: "ok" } } } }]),
  ),
};

describe("hostile responses", () => {
  it("every check of the four categories completes without an error", async () => {
    const cache = new Map<string, Buffer>();
    const report = await scanApp(
      (req, res) => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        const entry = bodies[path];
        if (!entry) {
          res.writeHead(404, { "content-type": "application/json" });
          res.end('{"detail":"Not Found"}');
          return;
        }
        let buf = cache.get(path);
        if (!buf) cache.set(path, (buf = Buffer.from(entry.body())));
        res.writeHead(200, { "content-type": entry.type, "content-length": buf.length });
        res.end(req.method === "HEAD" ? undefined : buf);
      },
      { spec, checks: ["dataExposure.", "inputValidation.", "rateLimiting.", "inventoryManagement."], budget: 2000 },
    );
    expect(report.errors).toEqual([]);
    // Still judged: the oversized body and the SSNs inside it.
    expect(findingsOf(report, "rateLimiting.oversized-response").flatMap((f) => (f.occurrences ?? []).map((o) => o.operation))).toContain("GET /huge");
    expect(findingsOf(report, "dataExposure.ssn").map((f) => f.operation?.path)).toContain("/huge");
    // Not fooled: 10,000 snowflake-style ids and "4…" refs in id-like fields are not cards.
    expect(findingsOf(report, "dataExposure.payment-card")).toEqual([]);
    // Malformed JWT look-alikes are neither decoded as JWTs nor crash the decoder.
    expect(findingsOf(report, "dataExposure.token-leak").every((f) => f.confidence === "tentative")).toBe(true);
  });
});
