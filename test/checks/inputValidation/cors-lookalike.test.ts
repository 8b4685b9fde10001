// CORS allow-lists that refuse an arbitrary origin but let in look-alikes of the API's own names: the
// suffix and prefix variants, a sibling subdomain and the plaintext origin; an exact allow-list is silent.
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";

const spec = {
  openapi: "3.0.3",
  info: { title: "Shop", version: "1" },
  servers: [{ url: "https://api.shop.example" }],
  paths: { "/orders": { get: { responses: { "200": { description: "orders" } } } } },
};

function app(allowed: (origin: string) => boolean) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin && allowed(origin) ? { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin" } : {};
    return json(res, 200, [{ id: 1, item: "tea" }], cors);
  };
}

const CHECK = ["inputValidation.cors-reflected-origin"];

describe("CORS look-alike origins", () => {
  it("a suffix match (`endsWith`) lets in attacker-registered names and any subdomain", async () => {
    const r = await scanApp(app((o) => o.endsWith("shop.example")), { spec, checks: CHECK });
    const [f, ...rest] = findingsOf(r, "inputValidation.cors-reflected-origin");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "high", title: "CORS allow-list trusts look-alike origins with credentials" });
    const places = f!.occurrences?.map((o) => o.place) ?? [];
    expect(places).toEqual(expect.arrayContaining(["Origin: https://rampartshop.example", "Origin: https://rampart-probe.shop.example"]));
    expect(places.join(" ")).not.toContain("rampart-cors-probe"); // the arbitrary origin was refused
  });

  it("a prefix match (`startsWith`) lets in <api-host>.attacker", async () => {
    const r = await scanApp(app((o) => o.startsWith("https://api.shop.example")), { spec, checks: CHECK });
    const [f] = findingsOf(r, "inputValidation.cors-reflected-origin");
    expect(f?.occurrences?.map((o) => o.place)).toContain("Origin: https://api.shop.example.rampart-probe.example");
  });

  it("the plaintext origin of the API's host is a smaller, still reported, risk", async () => {
    const r = await scanApp(app((o) => o === "http://api.shop.example" || o === "https://app.shop.example"), { spec, checks: CHECK });
    const [f] = findingsOf(r, "inputValidation.cors-reflected-origin");
    expect(f).toMatchObject({ severity: "medium", title: "CORS allow-list trusts the plaintext origin with credentials" });
  });

  it("stays silent on an exact allow-list", async () => {
    const r = await scanApp(app((o) => o === "https://app.shop.example"), { spec, checks: CHECK });
    expect(findingsOf(r, "inputValidation.cors-reflected-origin")).toEqual([]);
    expect(r.requests.byMethod["POST"]).toBeUndefined();
  });
});
