// inventoryManagement probes and offline checks against Spring Boot / Django style fixtures.
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { apolloApp } from "../../apps/framework-apollo.js";
import { djangoApp, djangoSpec } from "../../apps/framework-django.js";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { springApp, springSpec } from "../../apps/framework-spring.js";

const checks = ["inventoryManagement."];
const r: Record<string, ScanReport> = {};

beforeAll(async () => {
  const auth = ["bearer:clinic-token-0001"];
  const [sv, sh, dv, dh] = await Promise.all([
    scanApp(springApp(false), { spec: springSpec(false), checks }),
    scanApp(springApp(true), { spec: springSpec(true), checks }),
    scanApp(djangoApp(false), { spec: djangoSpec(false), checks, auth }),
    scanApp(djangoApp(true), { spec: djangoSpec(true), checks, auth }),
  ]);
  Object.assign(r, { sv, sh, dv, dh });
});

describe("inventoryManagement.deprecated-operation-live", () => {
  it("fires on the deprecated export that still answers 200, silent when it answers 410", () => {
    expect(findingsOf(r.sv!, "inventoryManagement.deprecated-operation-live").map((f) => f.operation?.path)).toEqual(["/api/v2/reports/export"]);
    expect(findingsOf(r.sh!, "inventoryManagement.deprecated-operation-live")).toEqual([]);
  });
});

describe("inventoryManagement.legacy-version-live", () => {
  it("finds /api/v1 beside the documented /api/v2", () => {
    const f = findingsOf(r.sv!, "inventoryManagement.legacy-version-live");
    expect(f.map((x) => x.operation?.path)).toEqual(["/api/v1/accounts"]);
    expect(f[0]!.severity).toBe("medium");
  });
  it("silent when v1 is retired", () => expect(findingsOf(r.sh!, "inventoryManagement.legacy-version-live")).toEqual([]));
});

describe("inventoryManagement.undocumented-endpoint", () => {
  it("finds the undocumented /api/admin JSON endpoint", () => {
    expect(findingsOf(r.sv!, "inventoryManagement.undocumented-endpoint").map((f) => f.operation?.path)).toEqual(["/api/admin"]);
  });
  it("silent on the hardened twin (404 everywhere else)", () => {
    expect(findingsOf(r.sh!, "inventoryManagement.undocumented-endpoint")).toEqual([]);
    expect(findingsOf(r.dh!, "inventoryManagement.undocumented-endpoint")).toEqual([]);
  });
  it("a catch-all API that answers 200 JSON to every path reports nothing", async () => {
    const rep = await scanApp(
      (req, res) => {
        const body = JSON.stringify({ ok: true, path: req.url });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      },
      { spec: springSpec(true), checks },
    );
    for (const id of ["inventoryManagement.undocumented-endpoint", "inventoryManagement.legacy-version-live", "inventoryManagement.docs-exposed"]) {
      expect(findingsOf(rep, id), id).toEqual([]);
    }
  });
});

describe("inventoryManagement.unversioned-api", () => {
  it("fires on /api/patients/ with no version anywhere, silent with /api/v1/", () => {
    expect(findingsOf(r.dv!, "inventoryManagement.unversioned-api").map((f) => [f.severity, f.operation])).toEqual([["info", null]]);
    expect(findingsOf(r.dh!, "inventoryManagement.unversioned-api")).toEqual([]);
    expect(findingsOf(r.sv!, "inventoryManagement.unversioned-api")).toEqual([]);
  });
});

describe("inventoryManagement.graphql-introspection", () => {
  it("fires when Apollo answers __schema over GET, silent when introspection is off", async () => {
    const only = ["inventoryManagement.graphql-introspection"];
    const [v, h] = await Promise.all([scanApp(apolloApp(false), { spec: null, checks: only }), scanApp(apolloApp(true), { spec: null, checks: only })]);
    const [f] = findingsOf(v, "inventoryManagement.graphql-introspection");
    expect(f?.operation).toMatchObject({ method: "query", path: "__schema" });
    expect(f?.operation?.url).toMatch(/\/graphql$/);
    expect(f?.evidence[0]!.excerpt).toContain("__schema");
    expect(findingsOf(h, "inventoryManagement.graphql-introspection")).toEqual([]);
    // GET answers carry the introspection; the one POST is the `{ __typename }` probe of the confirmed endpoint.
    expect(v.requests.byMethod["POST"] ?? 0).toBeLessThanOrEqual(1);
  });
});

describe("the hardened twins", () => {
  it("have no inventory finding above info and record no errors", () => {
    for (const rep of [r.sh!, r.dh!]) {
      expect(rep.findings.filter((f) => f.severity !== "info")).toEqual([]);
      expect(rep.errors).toEqual([]);
    }
  });
});
