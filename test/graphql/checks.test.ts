// Every GraphQL check fires on the vulnerable fixture server and stays silent on its hardened twin; the
// scan never sends a mutation in safe mode; findings are named `query user` with a JSON-body curl line.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/index.js";
import type { ScanReport } from "../../src/core/types.js";
import { renderers } from "../../src/report/renderers/index.js";
import { startServer } from "../helpers/fixture-server.js";
import { findingsOf, reportText } from "../apps/framework-scan.js";
import { GRAPHQL_AUTH, HARDENED_SDL, graphqlApp } from "../apps/graphql-app.js";

const IDS = [
  "authentication.graphql-unauthenticated-query",
  "bolaAuthorization.graphql-object-access",
  "dataExposure.graphql-sensitive-fields",
  "inputValidation.graphql-csrf",
  "inputValidation.graphql-verbose-errors",
  "inventoryManagement.graphql-field-suggestions",
  "inventoryManagement.graphql-ide-exposed",
  "inventoryManagement.graphql-introspection",
  "rateLimiting.graphql-batching",
  "rateLimiting.graphql-depth-unlimited",
] as const;

const r: Record<string, ScanReport> = {};
const mutations: Record<string, number> = {};

async function run(name: string, hardened: boolean, extra: { spec?: string } = {}): Promise<void> {
  const app = graphqlApp({ hardened });
  const server = await startServer(app.handler);
  try {
    r[name] = await scan({ target: server.url, checks: [...IDS], auth: GRAPHQL_AUTH, discoverSpec: false, ...extra });
    mutations[name] = app.traffic.mutations;
  } finally {
    await server.close();
  }
}

let dir = "";
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-gql-"));
  const sdl = path.join(dir, "schema.graphql");
  fs.writeFileSync(sdl, HARDENED_SDL);
  await Promise.all([run("vulnerable", false), run("hardened", true, { spec: sdl })]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("GraphQL checks", () => {
  it.each(IDS)("%s fires on the vulnerable server and is silent on the hardened one", (id) => {
    expect(findingsOf(r.vulnerable!, id).length, `${id} on vulnerable`).toBeGreaterThan(0);
    expect(findingsOf(r.hardened!, id), `${id} on hardened`).toEqual([]);
  });

  it("no check errors, and the hardened scan ran its queries from the SDL", () => {
    expect(r.vulnerable!.errors.filter((e) => e.checkId?.includes("graphql"))).toEqual([]);
    expect(r.hardened!.errors.filter((e) => e.checkId?.includes("graphql"))).toEqual([]);
    expect(r.hardened!.requests.byMethod["POST"] ?? 0).toBeGreaterThan(5);
  });

  it("never sends a mutation in safe mode", () => {
    expect(mutations).toEqual({ vulnerable: 0, hardened: 0 });
  });

  it("names operations `query user` and reproduces with the JSON body, in every format", () => {
    const bola = findingsOf(r.vulnerable!, "bolaAuthorization.graphql-object-access");
    expect(bola.map((f) => `${f.operation?.method} ${f.operation?.path}`)).toContain("query user");
    const f = bola.find((x) => x.operation?.path === "user")!;
    expect(f.reproduce).toMatch(/^curl -i -X POST '.*\/graphql' -H 'content-type: application\/json' .*-H "authorization: Bearer \$RAMPART_BOB_TOKEN" --data-raw '\{"query":"query User\(\$id: ID!\)/);
    expect(f.reproduce).toContain('"variables":{"id":"101"}');
    const batching = findingsOf(r.vulnerable!, "rateLimiting.graphql-batching")[0]!;
    expect(batching.severity).toBe("high");
    expect(`${batching.operation?.method} ${batching.operation?.path}`).toBe("mutation login");
    for (const format of ["summary", "markdown", "html", "sarif", "junit", "table"] as const) {
      const out = String(renderers[format](r.vulnerable!, {} as never));
      expect(out, format).toContain("query user");
    }
    const sarif = JSON.parse(String(renderers.sarif(r.vulnerable!, {} as never))) as { runs: { results: { webRequest?: { method: string } }[] }[] };
    const methods = new Set(sarif.runs[0]!.results.map((x) => x.webRequest?.method).filter(Boolean));
    expect([...methods].every((m) => /^[A-Z]+$/.test(m!))).toBe(true);
    expect(reportText(r.vulnerable!)).not.toContain("alice-token-1234567890");
  });

  it("finds the password hash and API key fields", () => {
    const f = findingsOf(r.vulnerable!, "dataExposure.graphql-sensitive-fields");
    expect(f.some((x) => /passwordHash/.test(x.evidence[0]!.excerpt) && /apiKey/.test(x.evidence[0]!.excerpt))).toBe(true);
  });
});

describe("GraphQL scans in other configurations", () => {
  it("grades object-level authorization: the category is applicable when queries take ids", () => {
    const bola = r.vulnerable!.categories.find((c) => c.id === "bolaAuthorization")!;
    expect(bola.applicable).toBe(true);
    expect(bola.findings).toBeGreaterThan(0);
    expect(r.vulnerable!.score).toBeLessThan(r.hardened!.score);
  });

  it("introspection off, no SDL: the schema is rebuilt from suggestions and the data checks still run", async () => {
    const app = graphqlApp({ hardened: false, introspection: false });
    const server = await startServer(app.handler);
    try {
      const rep = await scan({ target: server.url, checks: [...IDS], auth: GRAPHQL_AUTH, discoverSpec: false });
      expect(findingsOf(rep, "inventoryManagement.graphql-introspection")).toEqual([]);
      expect(findingsOf(rep, "inventoryManagement.graphql-field-suggestions")).toHaveLength(1);
      expect(findingsOf(rep, "bolaAuthorization.graphql-object-access").map((f) => f.operation?.path)).toContain("user");
      expect(findingsOf(rep, "dataExposure.graphql-sensitive-fields").length).toBeGreaterThan(0);
      expect(app.traffic.mutations).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("--mode passive sends no GraphQL probe (the checks are skipped); --mode active also calls mutations", async () => {
    for (const mode of ["passive", "active"] as const) {
      const app = graphqlApp({ hardened: false });
      const server = await startServer(app.handler);
      try {
        const rep = await scan({ target: server.url, mode, checks: ["dataExposure.graphql-sensitive-fields", "inventoryManagement.graphql-introspection"], auth: GRAPHQL_AUTH, discoverSpec: false });
        if (mode === "passive") {
          expect(Object.keys(rep.requests.byMethod)).toEqual(["GET"]);
          expect(app.traffic.requests).toBe(0);
          expect(rep.skipped.checks.map((c) => c.checkId)).toContain("inventoryManagement.graphql-introspection");
        } else {
          expect(app.traffic.mutations).toBeGreaterThan(0);
          expect(findingsOf(rep, "inventoryManagement.graphql-introspection")).toHaveLength(1);
          expect(findingsOf(rep, "dataExposure.graphql-sensitive-fields").map((f) => f.operation?.method)).toContain("mutation");
        }
      } finally {
        await server.close();
      }
    }
  });
});
