// Function-level authorization end to end through scan(): admin-looking operations called without
// credentials and as the lower identity (@user beside @admin); role fields in responses.
import { describe, expect, it } from "vitest";
import { adminReason, lowerIdentities } from "../../../src/checks/bflaAuthorization/_roles.js";
import type { Operation } from "../../../src/core/types.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { json, type Handler } from "../../helpers/fixture-server.js";

const ADMIN = "tok-admin-91c2d7e4f0a8";
const USER = "tok-user-5b3e8c1a7d2f";
const ids = [`@admin=bearer:${ADMIN}`, `@user=bearer:${USER}`];

const spec = {
  openapi: "3.0.3",
  info: { title: "Backoffice", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  security: [{ bearer: [] }],
  paths: {
    "/admin/users": { get: { responses: { "200": { description: "users" } } } },
    "/reports/export": { get: { tags: ["Internal"], responses: { "200": { description: "csv" } } } },
    "/metrics": { get: { operationId: "getManagementMetrics", responses: { "200": { description: "metrics" } } } },
    "/internal/health": { get: { security: [], responses: { "200": { description: "ok" } } } },
    "/me": { get: { responses: { "200": { description: "me" } } } },
  },
};

const USERS = [
  { id: 1, email: "root@example.com", role: "admin", is_admin: true },
  { id: 2, email: "u@example.com", role: "user", is_admin: false },
];

function app(vulnerable: boolean): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/internal/health") return json(res, 200, { status: "ok", version: "1.2.3" });
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const who = token === ADMIN ? "admin" : token === USER ? "user" : null;
    // The vulnerable twin leaves the metrics route outside the auth middleware.
    if (vulnerable && url.pathname === "/metrics") return json(res, 200, { requests_total: 9182, db_pool: { used: 3, max: 20 } });
    if (!who) return json(res, 401, { detail: "Not authenticated" }, { "www-authenticate": "Bearer" });
    if (url.pathname === "/me") return json(res, 200, vulnerable ? { id: who === "admin" ? 1 : 2, role: who, permissions: ["read"] } : { id: who === "admin" ? 1 : 2 });
    const adminOnly = ["/admin/users", "/reports/export", "/metrics"].includes(url.pathname);
    if (adminOnly && who !== "admin" && !vulnerable) return json(res, 403, { detail: "Forbidden" });
    if (url.pathname === "/admin/users") return json(res, 200, vulnerable ? USERS : USERS.map(({ id, email }) => ({ id, email })));
    if (url.pathname === "/reports/export") return json(res, 200, { rows: [{ month: "2024-01", revenue: 10 }] });
    if (url.pathname === "/metrics") return json(res, 200, { requests_total: 9182, db_pool: { used: 3, max: 20 } });
    return json(res, 404, { detail: "Not Found" });
  };
}

describe("bflaAuthorization.admin-endpoint-exposed", () => {
  const checks = ["bflaAuthorization.admin-endpoint-exposed"];
  it("fires for admin-looking operations reachable anonymously or as @user", async () => {
    const r = await scanApp(app(true), { spec, auth: ids, checks });
    const f = findingsOf(r, "bflaAuthorization.admin-endpoint-exposed");
    const byPath = Object.fromEntries(f.map((x) => [x.operation?.path, x]));
    expect(Object.keys(byPath).sort()).toEqual(["/admin/users", "/metrics", "/reports/export"]);
    expect(byPath["/metrics"]!.evidence[0]!.excerpt).toMatch(/without credentials/);
    expect(byPath["/metrics"]!.evidence[0]!.note).toBe("admin-looking: operationId 'getManagementMetrics'");
    expect(byPath["/admin/users"]).toMatchObject({ severity: "high", confidence: "confirmed" });
    expect(byPath["/admin/users"]!.evidence[0]!.note).toBe("the same data @admin gets");
    expect(byPath["/reports/export"]!.evidence[0]!.excerpt).toMatch(/as @user/);
    expect(byPath["/internal/health"]).toBeUndefined(); // public health answer carries no data
    expect(reportText(r)).not.toContain(USER);
  });
  it("stays silent when admin routes check the role", async () => {
    const r = await scanApp(app(false), { spec, auth: ids, checks });
    expect(r.findings).toEqual([]);
  });
  it("decides admin-looking and lower identities from tables", () => {
    const op = (path: string, extra: Partial<Operation> = {}) => ({ path, tags: [], operationId: undefined, ...extra }) as unknown as Operation;
    expect(adminReason(op("/api/v1/adminPanel/users"))).toBe("path word 'admin'");
    expect(adminReason(op("/api/admin-panel/users"))).toBe("path word 'admin'");
    expect(adminReason(op("/administrative-areas"))).toBeNull();
    expect(adminReason(op("/users", { operationId: "listStaffUsers" }))).toBe("operationId 'listStaffUsers'");
    expect(lowerIdentities([{ label: "default", credentials: [] }, { label: "superadmin", credentials: [] }, { label: "alice", credentials: [] }]).map((i) => i.label)).toEqual(["alice"]);
  });
});

describe("bflaAuthorization.role-field-exposed", () => {
  const checks = ["bflaAuthorization.role-field-exposed"];
  it("fires on role and permission fields, once per operation", async () => {
    const r = await scanApp(app(true), { spec, auth: ids, checks });
    const f = findingsOf(r, "bflaAuthorization.role-field-exposed");
    expect(f.map((x) => x.operation?.path).sort()).toEqual(["/admin/users", "/me"]);
    expect(f.find((x) => x.operation?.path === "/admin/users")!.evidence[0]!.excerpt).toBe("role: admin, is_admin: true");
    expect(f.every((x) => x.severity === "low")).toBe(true);
  });
  it("stays silent when responses carry no authorization state", async () => {
    const r = await scanApp(app(false), { spec, auth: ids, checks });
    expect(r.findings).toEqual([]);
  });
});
