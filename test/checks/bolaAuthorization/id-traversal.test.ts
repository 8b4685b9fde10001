// bolaAuthorization.id-traversal end to end through scan(): wrapped/encoded ids (`1;2`, `[2]`, …) that a
// lenient fallback route resolves to another owner's order, against a strict twin and a suffix-ignoring one.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json, type Handler } from "../../helpers/fixture-server.js";
import { ALICE, BOB, ORDERS, ordersSpec } from "./_orders-app.js";

const OWNER: Record<string, number> = { [ALICE]: 101, [BOB]: 202 };
const checks = ["bolaAuthorization.id-traversal"];

/**
 * strict: only `^\d+$` ids, ownership enforced (400 otherwise). lenient: plain ids are owner-checked, any other
 * id falls through to a legacy lookup by its last number without the check. prefix: the leading number is used
 * for both the check and the lookup (the suffix is ignored). open: like lenient, but plain ids are not
 * owner-checked either (plain BOLA, adjacent-object-access's finding).
 */
function app(mode: "strict" | "lenient" | "prefix" | "open"): Handler {
  return (req, res) => {
    const owner = OWNER[(req.headers.authorization ?? "").replace(/^Bearer /, "")];
    if (!owner) return json(res, 401, { detail: "Not authenticated" });
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/orders") return json(res, 200, ORDERS.filter((o) => o.owner_id === owner));
    const m = /^\/orders\/(.+)$/.exec(url.pathname);
    if (!m) return json(res, 404, { detail: "Not Found" });
    let raw: string;
    try {
      raw = decodeURIComponent(m[1]!);
    } catch {
      return json(res, 400, { detail: "bad id" });
    }
    const plain = /^\d+$/.test(raw);
    let id: number;
    let checked = true;
    if (plain) {
      id = Number(raw);
      checked = mode !== "open";
    }
    else if (mode === "strict") return json(res, 400, { detail: "id must be an integer" });
    else if (mode === "prefix") id = parseInt(raw, 10);
    else {
      id = Number(/(\d+)\D*$/.exec(raw)?.[1] ?? NaN);
      checked = false;
    }
    const o = ORDERS.find((x) => x.id === id);
    if (!o || (checked && o.owner_id !== owner)) return json(res, 404, { detail: "Not Found" });
    return json(res, 200, { id: o.id, owner_id: o.owner_id, item: o.item, total: o.total });
  };
}

describe("bolaAuthorization.id-traversal", () => {
  it("fires when wrapped ids reach another owner's order the plain id refuses", async () => {
    const r = await scanApp(app("lenient"), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks });
    const [f, ...rest] = findingsOf(r, "bolaAuthorization.id-traversal");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "high", confidence: "confirmed", operation: { path: "/orders/{order_id}" } });
    expect(f!.evidence.map((e) => e.request)).toEqual(["GET /orders/1;2", "GET /orders/[2]", "GET /orders/..%2F2", "GET /orders/2%00", "GET /orders/2"]);
    expect(f!.evidence[0]!.excerpt).toContain("ownerid=202 (sample object: 101)");
    expect(f!.evidence[0]!.excerpt).toContain("id=2 (sample object: 1)");
    expect(f!.evidence[4]!.excerpt).toBe("plain order_id=2: 404");
    expect(Object.keys(r.requests.byMethod)).toEqual(["GET"]);
  });
  it("sends only the first two variants at quick depth", async () => {
    const r = await scanApp(app("lenient"), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks, depth: "quick" });
    const [f] = findingsOf(r, "bolaAuthorization.id-traversal");
    expect(f!.evidence.map((e) => e.request)).toEqual(["GET /orders/1;2", "GET /orders/[2]", "GET /orders/2"]);
  });
  it("stays silent when non-integer ids are refused", async () => {
    const r = await scanApp(app("strict"), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks, depth: "deep" });
    expect(r.findings).toEqual([]);
    expect(r.requests.sent).toBeGreaterThanOrEqual(7);
  });
  it("stays silent when the plain neighbouring id serves the same order (no traversal needed)", async () => {
    const r = await scanApp(app("open"), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks });
    expect(r.findings).toEqual([]);
  });
  it("stays silent when the suffix is ignored and the sample order comes back", async () => {
    const r = await scanApp(app("prefix"), { spec: ordersSpec(), auth: [`bearer:${ALICE}`], checks, depth: "deep" });
    expect(r.findings).toEqual([]);
    expect(r.skipped.checks.map((s) => s.checkId)).not.toContain("bolaAuthorization.id-traversal");
    expect(r.requests.sent).toBeGreaterThanOrEqual(7);
  });
});
