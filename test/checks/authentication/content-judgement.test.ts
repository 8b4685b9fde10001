// Judged by content, not status: 401s that come as 200 with an error body (or a login page) are refusals
// for every authentication/authorization check, and an identity's privilege is what its token says.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { signHmac } from "../../../src/jwt/index.js";
import { refusalBody, servesData } from "../../../src/patterns/sensitive.js";
import type { RecordedResponse } from "../../../src/core/types.js";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";

const secret = randomBytes(32).toString("base64");
const now = Math.floor(Date.now() / 1000);
const tokenFor = (sub: string, role: string) => signHmac({ alg: "HS256", typ: "JWT" }, { sub, role, iat: now, exp: now + 600 }, secret);
const alice = tokenFor("alice", "admin");
const bob = tokenFor("bob", "user");

const spec = {
  openapi: "3.0.3",
  info: { title: "Shop", version: "1" },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    schemas: { Order: { type: "object", properties: { id: { type: "integer" }, item: { type: "string" }, total: { type: "number" } } } },
  },
  security: [{ bearer: [] }],
  paths: {
    "/orders": { get: { responses: { "200": { description: "orders", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Order" } } } } } } } },
    "/orders/{id}": {
      get: {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" }, example: 1 }],
        responses: { "200": { description: "order", content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } } } },
      },
    },
    "/admin/users": { get: { responses: { "200": { description: "users" } } } },
    "/dashboard": { get: { responses: { "200": { description: "dashboard" } } } },
  },
};

const orders = [
  { id: 1, item: "tea", total: 3.5 },
  { id: 2, item: "cake", total: 4 },
];

type Flaw = "none" | "open" | "any-token";

/** The refusals are 200s with an error body (or a login page); `open` serves data without a token, `any-token`
 *  accepts any bearer; admin routes check the role claim unless `adminOpen`. */
function app(flaw: Flaw, adminOpen = false) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0]!;
    const auth = req.headers.authorization ?? "";
    const role = auth === `Bearer ${alice}` ? "admin" : auth === `Bearer ${bob}` ? "user" : auth && flaw === "any-token" ? "user" : null;
    if (!role && flaw !== "open") {
      if (path === "/dashboard") {
        res.writeHead(200, { "content-type": "text/html" });
        return void res.end('<html><title>Sign in</title><form method="post"><input name="u"><input type="password" name="p"></form></html>');
      }
      return json(res, 200, { error: auth ? "invalid token" : "missing token" });
    }
    if (path === "/orders") return json(res, 200, orders);
    if (path.startsWith("/orders/")) return json(res, 200, orders.find((o) => String(o.id) === path.slice(8)) ?? orders[0]);
    if (path === "/admin/users") return role === "admin" || adminOpen ? json(res, 200, [{ id: 1, email: "a@shop.test", role: "admin" }]) : json(res, 200, { error: "forbidden", success: false });
    if (path === "/dashboard") return json(res, 200, { revenue: 1200, orders: 2 });
    return json(res, 200, { error: "not found" });
  };
}

const CHECKS = ["authentication.", "bolaAuthorization.unauthenticated-object-access", "bflaAuthorization.admin-endpoint-exposed"];
const AUTH_FINDINGS = [
  "authentication.unauthenticated-access",
  "authentication.invalid-credentials-accepted",
  "authentication.method-bypass",
  "bolaAuthorization.unauthenticated-object-access",
  "bflaAuthorization.admin-endpoint-exposed",
];

function res(body: string, contentType = "application/json", status = 200): RecordedResponse {
  return { status, headers: {}, contentType, body, size: body.length, truncated: false } as unknown as RecordedResponse;
}

describe("the shared 'is this data?' judgement", () => {
  it("tells refusal bodies from data", () => {
    for (const body of ['{"error":"missing token"}', '{"detail":"Not authenticated"}', '{"message":"Unauthorized"}', '{"success":false,"message":"x"}', '{"data":null,"errors":[{"message":"denied"}]}']) {
      expect(servesData(res(body)), body).toBe(false);
    }
    expect(servesData(res("Invalid token", "text/plain"))).toBe(false);
    expect(refusalBody(res('<form><input type="password"></form>', "text/html"))).toBe("a login page");
    for (const body of ['[{"id":1}]', '{"status":"ok"}', '{"data":[{"id":1}],"message":"ok"}', '{"name":"Forbidden Planet","price":3}']) {
      expect(servesData(res(body)), body).toBe(true);
    }
  });
});

describe("401s that come as 200 with an error body", () => {
  it("are refusals for every authentication and authorization check", async () => {
    const r = await scanApp(app("none"), { spec, auth: [`@alice=bearer:${alice}`, `@bob=bearer:${bob}`], checks: CHECKS });
    for (const id of AUTH_FINDINGS) expect(findingsOf(r, id), id).toEqual([]);
  });

  it("still fire where the data is served without a token", async () => {
    const r = await scanApp(app("open"), { spec, auth: [`@alice=bearer:${alice}`], checks: CHECKS });
    const paths = findingsOf(r, "authentication.unauthenticated-access").map((f) => f.operation?.path);
    expect(paths).toEqual(expect.arrayContaining(["/orders", "/dashboard"]));
    expect(findingsOf(r, "bolaAuthorization.unauthenticated-object-access").map((f) => f.operation?.path)).toEqual(["/orders/{id}"]);
  });

  it("still fire where a random token gets the data a missing token is refused", async () => {
    const r = await scanApp(app("any-token"), { spec, auth: [`@alice=bearer:${alice}`], checks: CHECKS });
    expect(findingsOf(r, "authentication.unauthenticated-access")).toEqual([]);
    expect(findingsOf(r, "authentication.invalid-credentials-accepted").map((f) => f.operation?.path)).toEqual(expect.arrayContaining(["/orders", "/orders/{id}"]));
  });
});

describe("privilege from what the API says", () => {
  it("a role claim, not the label, makes an identity ordinary or privileged", async () => {
    // Neutral labels: @alice's token says admin, @bob's says user.
    const r = await scanApp(app("none", true), { spec, auth: [`@alice=bearer:${alice}`, `@bob=bearer:${bob}`], checks: ["bflaAuthorization.admin-endpoint-exposed"] });
    const [f, ...rest] = findingsOf(r, "bflaAuthorization.admin-endpoint-exposed");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ confidence: "confirmed", operation: { path: "/admin/users" } });
    expect(f!.evidence.map((e) => e.excerpt).join(" ")).toContain("@bob");
    expect(f!.evidence.map((e) => e.excerpt).join(" ")).not.toContain("@alice");
    expect(f!.evidence.find((e) => e.excerpt.includes("@bob"))?.note).toMatch(/same data @alice gets/);
  });

  it("an identity labelled admin whose token says user is ordinary", async () => {
    const r = await scanApp(app("none", true), { spec, auth: [`@admin=bearer:${bob}`], checks: ["bflaAuthorization.admin-endpoint-exposed"] });
    const [f] = findingsOf(r, "bflaAuthorization.admin-endpoint-exposed");
    expect(f?.evidence[0]?.excerpt).toContain("as @admin");
    expect(f?.evidence[0]?.note).toMatch(/what the API says about it/);
  });

  it("stays silent when the role is enforced (the refusal being a 200 error body)", async () => {
    const r = await scanApp(app("none"), { spec, auth: [`@admin=bearer:${bob}`, `@root=bearer:${alice}`], checks: ["bflaAuthorization.admin-endpoint-exposed"] });
    expect(findingsOf(r, "bflaAuthorization.admin-endpoint-exposed")).toEqual([]);
  });
});
