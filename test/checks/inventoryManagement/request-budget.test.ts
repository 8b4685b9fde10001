// Request budget of the dataExposure, inputValidation, rateLimiting and inventoryManagement checks:
// fixed costs (wordlists, burst, CORS) plus capped per-operation probes, so the cost per operation
// falls as the API grows. Counts are requests, not time.
import { describe, expect, it } from "vitest";
import { manyOperations } from "../../apps/framework-many.js";
import { scanApp } from "../../apps/framework-scan.js";

const checks = ["dataExposure.", "inputValidation.", "rateLimiting.", "inventoryManagement."];

async function sent(n: number, depth: "quick" | "standard" | "deep"): Promise<number> {
  const { handler, spec } = manyOperations(n);
  const report = await scanApp(handler, { spec, checks, depth, rate: 1000, concurrency: 16 });
  expect(report.errors).toEqual([]);
  return report.requests.sent;
}

describe("request budget", () => {
  it("stays far under 30 requests per operation at standard depth, and grows with depth", async () => {
    const standard100 = await sent(100, "standard");
    const quick100 = await sent(100, "quick");
    const deep100 = await sent(100, "deep");
    // 100 crawl requests + capped probes + fixed costs (burst 30, wordlists, CORS, baselines).
    expect(standard100 / 100).toBeLessThan(3);
    expect(quick100).toBeLessThan(standard100);
    expect(standard100).toBeLessThan(deep100);
    expect(deep100 / 100).toBeLessThan(5);
  });
  it("per-operation probes are capped: 300 operations cost little more than 100", async () => {
    const s100 = await sent(100, "standard");
    const s300 = await sent(300, "standard");
    expect(s300 - s100).toBeLessThanOrEqual(200 + 10);
  });
});
