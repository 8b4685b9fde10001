// inventoryManagement.server-fingerprint and docs-exposed end to end against framework-style fixtures.
import { describe, expect, it } from "vitest";
import { expressApp, expressSpec } from "../../apps/framework-express.js";
import { fastapiApp, fastapiSpec } from "../../apps/framework-fastapi.js";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";

const checks = ["inventoryManagement.server-fingerprint", "inventoryManagement.docs-exposed"];

describe("inventoryManagement.server-fingerprint", () => {
  it("fires once on X-Powered-By: Express, not per response", async () => {
    const r = await scanApp(expressApp(false), { spec: expressSpec(), checks });
    const f = findingsOf(r, "inventoryManagement.server-fingerprint");
    expect(f).toHaveLength(1);
    expect(f[0]!.evidence[0]!.excerpt).toBe("x-powered-by: Express");
    expect(f[0]!.operation).toBeNull();
  });
  it("stays silent on a versionless Server header (uvicorn) and on helmet-hardened Express", async () => {
    const a = await scanApp(fastapiApp(false), { spec: fastapiSpec(), checks });
    const b = await scanApp(expressApp(true), { spec: expressSpec(), checks });
    expect(findingsOf(a, "inventoryManagement.server-fingerprint")).toEqual([]);
    expect(findingsOf(b, "inventoryManagement.server-fingerprint")).toEqual([]);
  });
  it("reports a versioned Server banner, lowered to info in a public context", async () => {
    const handler = fastapiApp(true);
    const withNginx: typeof handler = (req, res) => {
      res.setHeader("server", "nginx/1.25.3");
      return handler(req, res);
    };
    const r = await scanApp(withNginx, { spec: fastapiSpec(), checks, context: "public" });
    const [f] = findingsOf(r, "inventoryManagement.server-fingerprint");
    expect(f?.evidence[0]!.note).toBe("version 1.25.3");
    expect(f?.severity).toBe("info");
  });
});

describe("inventoryManagement.docs-exposed", () => {
  it("finds Swagger UI and the OpenAPI document on the FastAPI app", async () => {
    const r = await scanApp(fastapiApp(false), { spec: null, checks });
    const paths = findingsOf(r, "inventoryManagement.docs-exposed").map((f) => f.operation?.path).sort();
    expect(paths).toEqual(["/docs", "/openapi.json"]);
  });
  it("finds swagger-ui-express at /api-docs", async () => {
    const r = await scanApp(expressApp(false), { spec: expressSpec(), checks });
    expect(findingsOf(r, "inventoryManagement.docs-exposed").map((f) => f.operation?.path)).toEqual(["/api-docs"]);
  });
  it("stays silent when docs are off, even though unknown paths answer", async () => {
    const a = await scanApp(fastapiApp(true), { spec: fastapiSpec(), checks });
    const b = await scanApp(expressApp(true), { spec: expressSpec(), checks });
    expect(findingsOf(a, "inventoryManagement.docs-exposed")).toEqual([]);
    expect(findingsOf(b, "inventoryManagement.docs-exposed")).toEqual([]);
  });
});
