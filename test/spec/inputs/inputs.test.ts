import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../../src/engine/scan.js";
import { loadSpec } from "../../../src/spec/index.js";
import { loadPostmanEnvironment, parsePostmanEnvironment } from "../../../src/spec/inputs/postman-environment.js";
import { runCli } from "../../helpers/cli.js";
import { json, startServer, type RunningServer } from "../../helpers/fixture-server.js";

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const fixture = (name: string) => `${dir}${name}`;
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The shop API: serves a user's SSN to anyone (no authentication enforced). */
async function shop(): Promise<string> {
  const s = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/health") return json(res, 200, { status: "ok" });
    if (/^\/users\/\d+$/.test(url.pathname)) return json(res, 200, { id: 42, name: "Ada", ssn: "536-22-8726" });
    if (url.pathname === "/orders") return json(res, 200, [{ id: 1, item: "book", status: "open" }]);
    return json(res, 404, { error: "not found" });
  });
  servers.push(s);
  return s.url;
}

const CHECKS = ["authentication.unauthenticated-access", "dataExposure."];
const LEAKS = /should-never-leak/;

async function findingsFor(options: { spec?: string; endpoints?: string }): Promise<{ keys: string[]; text: string }> {
  const report = await scan({ target: await shop(), ...options, checks: CHECKS });
  const keys = report.findings
    .map((f) => `${f.checkId} ${f.severity} ${f.operation?.method ?? ""} ${(f.operation?.path ?? "").replace(/\{[^}]+\}/g, "{}")}`)
    .sort();
  return { keys, text: JSON.stringify(report) };
}

describe("inputs besides OpenAPI", () => {
  it("reads a Postman collection: variables resolved, :params templated, inherited and noauth auth mapped, secrets left out", async () => {
    const model = await loadSpec(fixture("shop.postman.json"));
    expect(model.inputKind).toBe("postman");
    expect(model.operations.map((o) => o.key).sort()).toEqual(["GET /health", "GET /orders", "GET /users/{id}", "POST /orders"]);
    const user = model.operations.find((o) => o.key === "GET /users/{id}");
    expect(user?.parameters.find((p) => p.in === "path")?.sample).toBe("42");
    expect(user?.security).toEqual([{ bearer: [] }]);
    expect(model.operations.find((o) => o.key === "GET /health")?.security).toEqual([]);
    expect(model.operations.find((o) => o.key === "POST /orders")?.requestBody?.sample).toEqual({ item: "book", qty: 1 });
    expect(JSON.stringify(model)).not.toMatch(LEAKS);
  });

  it("fills a collection's variables from a Postman environment, which overrides the collection's own", async () => {
    const environment = await loadPostmanEnvironment(fixture("shop.postman_environment.json"));
    const model = await loadSpec(fixture("shop.postman.json"), { postmanVariables: environment });
    const user = model.operations.find((o) => o.key === "GET /users/{id}");
    expect(user?.parameters.find((p) => p.in === "path")?.sample).toBe("7");
    expect(JSON.stringify(model)).not.toMatch(LEAKS);
    expect(JSON.stringify(model)).not.toContain("pm-env-secret-should-never-leak");
  });

  it("refuses a missing or malformed Postman environment with a one-line error, and says when it does not apply", async () => {
    await expect(loadPostmanEnvironment(fixture("missing.json"))).rejects.toThrow(/^--postman-env .*missing\.json: file not found$/);
    expect(() => parsePostmanEnvironment("{", "env.json")).toThrow(/^--postman-env env\.json: not JSON \(expected a Postman environment export/);
    expect(() => parsePostmanEnvironment('{"name":"x"}', "env.json")).toThrow(/no "values" list/);
    const report = await scan({
      target: await shop(),
      spec: fixture("shop.openapi.json"),
      postmanEnvironment: fixture("shop.postman_environment.json"),
      checks: CHECKS,
    });
    expect(report.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/--postman-env .* ignored: .*shop\.openapi\.json is not a Postman collection/));
    expect(report.options).toMatchObject({ postmanEnvironment: fixture("shop.postman_environment.json") });
    const cli = await runCli(["scan", await shop(), "--spec", fixture("shop.postman.json"), "--postman-env", fixture("nope.json"), "--no-store"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^rampart: --postman-env .*nope\.json: file not found$/)]);
  });

  it("reads a HAR file: the API's requests only, ids templated, credentials redacted", async () => {
    const model = await loadSpec(fixture("shop.har"));
    expect(model.inputKind).toBe("har");
    expect(model.operations.map((o) => o.key).sort()).toEqual(["GET /health", "GET /orders", "GET /users/{userId}", "POST /orders"]);
    const orders = model.operations.find((o) => o.key === "GET /orders");
    expect(orders?.parameters.map((p) => p.name)).toEqual(["status"]);
    expect(orders?.security).toEqual([{ bearer: [] }]);
    expect(model.operations.find((o) => o.key === "POST /orders")?.requestBody?.sample).toEqual({ item: "book", qty: 1, password: "redacted" });
    expect(JSON.stringify(model)).not.toMatch(LEAKS);
  });

  it("a Postman collection and a HAR of the same API give the same findings as its OpenAPI document", async () => {
    const openapi = await findingsFor({ spec: fixture("shop.openapi.json") });
    const postman = await findingsFor({ spec: fixture("shop.postman.json") });
    const har = await findingsFor({ spec: fixture("shop.har") });
    const list = await findingsFor({ endpoints: fixture("shop.endpoints.txt") });
    expect(openapi.keys.length).toBeGreaterThanOrEqual(2);
    expect(openapi.keys.some((k) => k.includes("/users/{}"))).toBe(true);
    expect(postman.keys).toEqual(openapi.keys);
    expect(har.keys).toEqual(openapi.keys);
    // A bare list declares no security: data exposure is found the same, nothing is assumed secured.
    expect(list.keys.filter((k) => k.startsWith("dataExposure."))).toEqual(openapi.keys.filter((k) => k.startsWith("dataExposure.")));
    for (const r of [postman, har]) expect(r.text).not.toMatch(LEAKS);
  });

  it("refuses a missing or malformed endpoint list with a one-line error", async () => {
    await expect(scan({ target: await shop(), endpoints: fixture("missing.txt") })).rejects.toThrow(/--endpoints .*missing\.txt: file not found/);
    const tmp = mkdtempSync(path.join(os.tmpdir(), "rampart-endpoints-"));
    writeFileSync(path.join(tmp, "list.txt"), "GET /ok\nfetch the users\n");
    await expect(scan({ target: await shop(), endpoints: path.join(tmp, "list.txt") })).rejects.toThrow(/list\.txt line 2: expected 'METHOD \/path'/);
    rmSync(tmp, { recursive: true, force: true });
  });
});
