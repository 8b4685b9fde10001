// rateLimiting checks end to end: Express without/with express-rate-limit, Spring without/with paging.
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { expressApp, expressSpec } from "../../apps/framework-express.js";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { springApp, springSpec } from "../../apps/framework-spring.js";

const checks = ["rateLimiting."];
const r: Record<string, ScanReport> = {};

beforeAll(async () => {
  const [ev, eh, sv, sh] = await Promise.all([
    scanApp(expressApp(false), { spec: expressSpec(), checks }),
    scanApp(expressApp(true), { spec: expressSpec(), checks }),
    scanApp(springApp(false), { spec: springSpec(false), checks }),
    scanApp(springApp(true), { spec: springSpec(true), checks }),
  ]);
  Object.assign(r, { ev, eh, sv, sh });
});

describe("rateLimiting.no-limit-observed", () => {
  it("fires after a 30-request burst with no 429 and no headers, GET only", () => {
    const [f] = findingsOf(r.ev!, "rateLimiting.no-limit-observed");
    expect(f?.severity).toBe("medium");
    expect(f?.evidence[0]!.excerpt).toMatch(/^30 GET requests in \d+ ms: statuses 200, no 429, no rate-limit headers$/);
    expect(Object.keys(r.ev!.requests.byMethod)).toEqual(["GET"]);
  });
  it("stays silent when the limiter answers 429 / sends RateLimit headers", () => {
    expect(findingsOf(r.eh!, "rateLimiting.no-limit-observed")).toEqual([]);
    expect(findingsOf(r.sh!, "rateLimiting.no-limit-observed")).toEqual([]);
  });
  it("honours --burst", async () => {
    const small = await scanApp(expressApp(false), { spec: expressSpec(), checks: ["rateLimiting.no-limit-observed"], burst: 5 });
    expect(findingsOf(small, "rateLimiting.no-limit-observed")[0]!.evidence[0]!.excerpt).toMatch(/^5 GET requests/);
  });
  it("never bursts an AI endpoint", async () => {
    const spec = { openapi: "3.0.3", info: { title: "ai", version: "1" }, paths: { "/v1/chat/completions": { get: { responses: { "200": { description: "ok" } } } } } };
    const rep = await scanApp(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"choices":[]}');
      },
      { spec, checks: ["rateLimiting.no-limit-observed"] },
    );
    expect(findingsOf(rep, "rateLimiting.no-limit-observed")).toEqual([]);
    expect(rep.requests.sent).toBeLessThan(10);
  });
});

describe("rateLimiting.headers-missing", () => {
  it("one info finding when no response carries rate-limit headers", () => {
    expect(findingsOf(r.ev!, "rateLimiting.headers-missing").map((f) => [f.severity, f.operation])).toEqual([["info", null]]);
    expect(findingsOf(r.eh!, "rateLimiting.headers-missing")).toEqual([]);
  });
});

describe("rateLimiting.unbounded-page-size", () => {
  it("limit=10000 returns 5000 orders", () => {
    const [f] = findingsOf(r.ev!, "rateLimiting.unbounded-page-size");
    expect(f?.operation?.path).toBe("/api/orders");
    expect(f?.evidence[0]!.excerpt).toBe("limit=10000 returned 5000 items (default page: 20)");
  });
  it("a server clamp to 100 is silent", () => expect(findingsOf(r.eh!, "rateLimiting.unbounded-page-size")).toEqual([]));
});

describe("rateLimiting.missing-pagination", () => {
  it("fires on an array-returning list without paging parameters", () => {
    const f = findingsOf(r.sv!, "rateLimiting.missing-pagination");
    expect(f.map((x) => x.operation?.path)).toEqual(["/api/v2/accounts"]);
    expect(findingsOf(r.sh!, "rateLimiting.missing-pagination")).toEqual([]);
  });
});

describe("rateLimiting.oversized-response", () => {
  it("fires on a 5000-item export (one finding listing the oversized operations), silent when paginated", () => {
    const found = findingsOf(r.ev!, "rateLimiting.oversized-response");
    expect(found).toHaveLength(1);
    expect(found[0]!.occurrences?.map((o) => o.operation)).toContain("GET /api/export");
    expect(findingsOf(r.eh!, "rateLimiting.oversized-response")).toEqual([]);
  });
  it("no errors recorded", () => {
    for (const rep of Object.values(r)) expect(rep.errors).toEqual([]);
  });
});
