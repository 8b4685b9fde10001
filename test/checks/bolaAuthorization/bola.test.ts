// Object-level authorization end to end through scan(): one identity probing neighbouring ids, two
// identities (alice, bob) reading each other's orders, anonymous object access, guessable ids.
import { describe, expect, it } from "vitest";
import { planScan } from "../../../src/engine/plan.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { json, startServer } from "../../helpers/fixture-server.js";
import { ALICE, BOB, ordersApp, ordersSpec } from "./_orders-app.js";

const both = [`@alice=bearer:${ALICE}`, `@bob=bearer:${BOB}`];

describe("bolaAuthorization.adjacent-object-access", () => {
  const checks = ["bolaAuthorization.adjacent-object-access"];
  it("fires when a neighbouring id returns an order with another owner_id", async () => {
    const r = await scanApp(ordersApp({ anyOrder: true }), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks });
    const [f, ...rest] = findingsOf(r, "bolaAuthorization.adjacent-object-access");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "high", confidence: "firm", operation: { path: "/orders/{order_id}" } });
    expect(f!.evidence[0]!.request).toBe("GET /orders/2");
    expect(f!.evidence[0]!.excerpt).toContain("ownerid=202 (own object: 101)");
    expect(reportText(r)).not.toContain(ALICE);
  });
  it("stays silent when only the caller's own orders are served", async () => {
    const r = await scanApp(ordersApp({}), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks });
    expect(r.findings).toEqual([]);
  });
  it("is skipped without credentials", async () => {
    const r = await scanApp(ordersApp({ anonymous: true }), { spec: ordersSpec({ public: true }), checks });
    expect(r.skipped.checks).toContainEqual({ checkId: "bolaAuthorization.adjacent-object-access", reason: expect.stringMatching(/needs credentials/) });
  });
});

describe("bolaAuthorization.cross-identity-access", () => {
  const checks = ["bolaAuthorization.cross-identity-access"];
  it("confirms alice reading bob's orders (ids harvested from bob's list)", async () => {
    const r = await scanApp(ordersApp({ anyOrder: true }), { spec: ordersSpec(), auth: both, checks });
    const [f] = findingsOf(r, "bolaAuthorization.cross-identity-access");
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed", operation: { path: "/orders/{order_id}" } });
    expect(f!.evidence.map((e) => e.request)).toEqual(["GET /orders/2", "GET /orders/4", "GET /orders"]);
    expect(f!.evidence[0]!.excerpt).toMatch(/as @alice: order_id=2, an object listed only for @bob \(same id, owner_id, item, total\)/);
    expect(f!.reproduce).toContain("$RAMPART_ALICE_TOKEN");
    expect(reportText(r)).not.toContain(BOB);
    expect(r.score).toBeLessThanOrEqual(59);
  });
  it("stays silent when ownership is enforced", async () => {
    const r = await scanApp(ordersApp({}), { spec: ordersSpec(), auth: both, checks });
    expect(r.findings).toEqual([]);
  });
  it("never sends a state-changing request", async () => {
    const r = await scanApp(ordersApp({ anyOrder: true }), { spec: ordersSpec(), auth: both, checks: ["bolaAuthorization."] });
    expect(Object.keys(r.requests.byMethod)).toEqual(["GET"]);
  });
});

describe("bolaAuthorization.unauthenticated-object-access", () => {
  const checks = ["bolaAuthorization.unauthenticated-object-access"];
  it("fires on orders served by id without credentials", async () => {
    const r = await scanApp(ordersApp({ anonymous: true }), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks });
    const [f] = findingsOf(r, "bolaAuthorization.unauthenticated-object-access");
    expect(f).toMatchObject({ severity: "high", confidence: "confirmed" });
    expect(f!.evidence[0]!.excerpt).toMatch(/without credentials; owner fields ownerid/);
  });
  it("fires on a public-by-spec route whose objects have owners (firm)", async () => {
    const r = await scanApp(ordersApp({ anonymous: true }), { spec: ordersSpec({ public: true }), checks });
    expect(findingsOf(r, "bolaAuthorization.unauthenticated-object-access")[0]).toMatchObject({ confidence: "firm" });
  });
  it("stays silent when object routes require credentials", async () => {
    const r = await scanApp(ordersApp({}), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks });
    expect(r.findings).toEqual([]);
  });
});

describe("bolaAuthorization.predictable-ids", () => {
  const checks = ["bolaAuthorization.predictable-ids"];
  it("fires on integer path ids and on a list of sequential ids", async () => {
    const r = await scanApp(ordersApp({ anonymous: true }), { spec: ordersSpec({ public: true }), checks });
    const f = findingsOf(r, "bolaAuthorization.predictable-ids");
    expect(f.map((x) => [x.operation?.path, x.confidence]).sort()).toEqual([
      ["/orders", "firm"],
      ["/orders/{order_id}", "firm"],
    ]);
    expect(f.every((x) => x.severity === "low")).toBe(true);
  });
  it("reports integer path ids of many operations as one root cause", async () => {
    const base = ordersSpec({ public: true });
    const paths: Record<string, unknown> = { ...base.paths };
    for (const name of ["invoice_id", "refund_id"]) {
      paths[`/${name.split("_")[0]}s/{${name}}`] = { get: { parameters: [{ name, in: "path", required: true, schema: { type: "integer" } }], responses: { "200": { description: "one" } } } };
    }
    const r = await scanApp(ordersApp({ anonymous: true }), { spec: { ...base, paths }, checks });
    const path = findingsOf(r, "bolaAuthorization.predictable-ids").filter((f) => f.title.startsWith("Integer ids"));
    expect(path.map((f) => [f.title, f.operation, f.evidence.length])).toEqual([["Integer ids on 3 object operations", null, 3]]);
  });
  it("stays silent on UUID ids", async () => {
    const r = await scanApp(ordersApp({ anonymous: true, uuid: true }), { spec: ordersSpec({ public: true, uuid: true }), checks });
    expect(r.findings).toEqual([]);
  });
});

describe("hostile list answers", () => {
  it("10,000 ids and deeply nested JSON never crash a BOLA check and stay within the estimate", async () => {
    const big = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, owner_id: i % 7, item: "x" }));
    const nested = `{"id":1,"owner_id":1,"deep":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
    const handler = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/orders") return json(res, 200, { items: big, next: null });
      if (url.pathname.startsWith("/orders/")) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(url.pathname.endsWith("/3") ? "\u00ff\u0000garbage{" : nested);
      }
      return json(res, 404, {});
    };
    const opts = { spec: ordersSpec(), auth: both, checks: ["bolaAuthorization."] };
    const r = await scanApp(handler, opts);
    expect(r.errors.filter((e) => e.checkId?.startsWith("bolaAuthorization."))).toEqual([]);
    const server = await startServer(handler);
    try {
      const { writeFileSync, mkdtempSync, rmSync } = await import("node:fs");
      const dir = mkdtempSync(`${(await import("node:os")).tmpdir()}/rampart-bola-`);
      writeFileSync(`${dir}/spec.json`, JSON.stringify(ordersSpec()));
      const plan = await planScan({ ...opts, target: server.url, spec: `${dir}/spec.json` });
      rmSync(dir, { recursive: true, force: true });
      const estimated = plan.checks.reduce((n, c) => n + c.requests, 0);
      expect(r.requests.sent - plan.discoveryRequests - plan.crawlRequests).toBeLessThanOrEqual(estimated);
    } finally {
      await server.close();
    }
  });
});
