import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { planScan } from "../../src/engine/plan.js";
import type { DiscoverySummary } from "../../src/engine/prepare.js";
import { HIDDEN, startHiddenApi, type NotFoundStyle } from "./_hidden-api.js";

const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(style: NotFoundStyle, discover: "off" | "standard" | "deep" = "standard") {
  const s = await startHiddenApi(style);
  servers.push(s);
  const report = await scan({ target: s.url, spec: `${s.url}/openapi.json`, discover, checks: ["inventoryManagement.undocumented-endpoint"] });
  return { report, s, discovery: report.extras["discovery"] as DiscoverySummary | undefined };
}

describe("endpoint discovery", () => {
  for (const style of ["catch-all", "login-redirect", "spa"] as const) {
    it(`finds exactly the hidden routes behind a ${style} "not found"`, async () => {
      const { report, s, discovery } = await run(style);
      const found = Object.fromEntries((discovery?.found ?? []).map((f) => [f.path, f.how]));
      expect(found).toEqual(HIDDEN[style]); // every hidden route, no false discovery
      expect(discovery!.requests).toBeLessThanOrEqual(discovery!.allowance);
      expect(s.log.filter((l) => !l.startsWith("GET "))).toEqual([]); // safe methods only
      // Live API content that the description leaves out is reported as undocumented.
      const reported = report.findings.filter((f) => f.checkId === "inventoryManagement.undocumented-endpoint").map((f) => f.operation?.path);
      for (const path of Object.keys(HIDDEN[style])) expect(reported).toContain(path);
    });
  }

  it("is off when asked, and a dry run shows its allowance without sending it", async () => {
    const { discovery } = await run("catch-all", "off");
    expect(discovery).toBeUndefined();
    const s = await startHiddenApi("catch-all");
    servers.push(s);
    const plan = await planScan({ target: s.url, spec: `${s.url}/openapi.json`, discover: "standard", budget: 1000 });
    expect(plan.endpointDiscovery).toEqual({ level: "standard", requests: 150 });
    expect(s.log.some((l) => l.includes("/admin"))).toBe(false);
  });
});
