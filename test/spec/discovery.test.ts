// Spec discovery and URL specs against real local HTTP servers; every fetch goes through the function
// the caller passes (counted here), never through a global fetch inside the loader.
import { afterEach, describe, expect, it } from "vitest";
import { SpecError } from "../../src/core/errors.js";
import { candidateUrls, discoverSpec, SPEC_LOCATIONS } from "../../src/discovery/spec-discovery.js";
import { loadSpec, type SpecFetch } from "../../src/spec/index.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(routes: Record<string, { type: string; body: string } | unknown>): Promise<{ server: RunningServer; hits: string[] }> {
  const hits: string[] = [];
  const server = await startServer((req, res) => {
    const url = req.url ?? "/";
    hits.push(url);
    const route = routes[url];
    if (route === undefined) return json(res, 404, { error: "not found" });
    if (typeof route === "object" && route !== null && "type" in route && "body" in route) {
      const r = route as { type: string; body: string };
      res.writeHead(200, { "content-type": r.type });
      res.end(r.body);
      return;
    }
    json(res, 200, route);
  });
  servers.push(server);
  return { server, hits };
}

/** A fetch function over the platform's HTTP client that records every URL it is asked for. */
function countingFetch(calls: string[]): SpecFetch {
  return async (url) => {
    calls.push(url);
    const res = await fetch(url);
    return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") ?? "" };
  };
}

const petstore = {
  openapi: "3.0.3",
  info: { title: "Pets", version: "1" },
  servers: [{ url: "/api" }],
  paths: { "/pets/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: { 200: { description: "ok" } } } } },
};

describe("discoverSpec", () => {
  it("finds a spec at a well-known path: the earliest in the table wins, and no location past the hit is started", async () => {
    const { server, hits } = await serve({ "/v3/api-docs": petstore, "/api-docs": petstore, "/index.html": { type: "text/html", body: "<html>" } });
    const calls: string[] = [];
    const { found, rejected } = await discoverSpec(countingFetch(calls), server.url, { parallel: 6 });
    expect(found?.source).toBe(`${server.url}/v3/api-docs`);
    expect(found?.model.operations.map((o) => o.key)).toEqual(["GET /pets/{id}"]);
    expect(found?.model.basePath).toBe("/api");
    expect(rejected).toEqual([]);
    // Six at a time, in table order: a worker that is free before the hit is known takes the next
    // location, none is started after it; the rest of the table is never asked for.
    // (An extension-less location that answers 404 is also asked for with a trailing slash.)
    const plain = hits.filter((h) => !h.endsWith("/"));
    expect(hits.filter((h) => h.endsWith("/")).every((h) => plain.includes(h.slice(0, -1)))).toBe(true);
    expect(new Set(plain)).toEqual(new Set(SPEC_LOCATIONS.slice(0, plain.length)));
    expect(plain.length).toBeLessThanOrEqual(SPEC_LOCATIONS.indexOf("/v3/api-docs") + 6);
    expect(calls).toHaveLength(hits.length);
  });

  it("accepts YAML and Swagger 2.0, skipping bodies that are not OpenAPI", async () => {
    const swaggerYaml = "swagger: '2.0'\ninfo: {title: y, version: '1'}\nbasePath: /v2\npaths:\n  /ping:\n    get: {responses: {'200': {description: ok}}}\n";
    const { server, hits } = await serve({
      "/openapi.json": { type: "text/html", body: "<!doctype html><title>SPA</title>" },
      "/swagger.json": { type: "application/json", body: '{"info": {"title": "not a spec"}}' },
      "/openapi.yaml": { type: "application/yaml", body: swaggerYaml },
    });
    const { found, rejected } = await discoverSpec(countingFetch([]), server.url, { parallel: 1 });
    expect(found?.source).toBe(`${server.url}/openapi.yaml`);
    expect(found?.model.specVersion).toBe("2.0");
    expect(found?.model.basePath).toBe("/v2");
    expect(rejected).toEqual([]);
    expect(hits[hits.length - 1]).toBe("/openapi.yaml");
  });

  it("returns null when no location serves a spec, after trying each once (extension-less ones also with a slash)", async () => {
    const { server, hits } = await serve({});
    const result = await discoverSpec(countingFetch([]), server.url);
    expect(result).toMatchObject({ found: null, rejected: [], unanswered: 0 });
    expect(hits.sort()).toEqual(SPEC_LOCATIONS.flatMap((l) => (/\.[a-z]+$/.test(l) ? [l] : [l, `${l}/`])).sort());
  });

  it("finds a spec published only under the trailing-slash form of a location", async () => {
    const { server } = await serve({ "/v3/api-docs/": petstore });
    const result = await discoverSpec(countingFetch([]), server.url);
    expect(result.found?.source).toBe(`${server.url}/v3/api-docs/`);
  });

  it("tries locations under the base URL's path before the origin root", () => {
    const urls = candidateUrls("http://127.0.0.1:9/service/");
    expect(urls[0]).toBe("http://127.0.0.1:9/service/openapi.json");
    expect(urls[SPEC_LOCATIONS.length]).toBe("http://127.0.0.1:9/openapi.json");
    expect(new Set(urls).size).toBe(SPEC_LOCATIONS.length * 2);
  });
});

describe("URL specs", () => {
  it("fetches a same-origin URL $ref through the provided fetch function only", async () => {
    const { server } = await serve({
      "/specs/openapi.json": {
        openapi: "3.1.0",
        info: { title: "remote", version: "1" },
        paths: {
          "/users/{userId}": {
            get: {
              parameters: [{ $ref: "common.json#/parameters/userId" }],
              responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "/schemas/user.json" } } } } },
            },
          },
        },
      },
      "/specs/common.json": { parameters: { userId: { name: "userId", in: "path", required: true, schema: { type: "string" } } } },
      "/schemas/user.json": { type: "object", properties: { name: { type: "string" } } },
    });
    const calls: string[] = [];
    const m = await loadSpec(`${server.url}/specs/openapi.json`, { fetch: countingFetch(calls) });
    expect(calls.sort()).toEqual([`${server.url}/schemas/user.json`, `${server.url}/specs/common.json`, `${server.url}/specs/openapi.json`]);
    const op = m.operations[0];
    expect(op?.parameters[0]).toMatchObject({ name: "userId", sample: "1" });
    expect(op?.responses["200"]?.schema).toEqual({ type: "object", properties: { name: { type: "string" } } });
  });

  it("does not fetch a $ref to another origin, and none at all with remoteRefs: false", async () => {
    const other = await serve({ "/user.json": { type: "object" } });
    const { server } = await serve({
      "/openapi.json": {
        openapi: "3.0.3",
        info: { title: "x", version: "1" },
        paths: { "/a": { get: { responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: `${other.server.url}/user.json` } } } } } } } },
      },
      "/local.json": {
        openapi: "3.0.3",
        info: { title: "x", version: "1" },
        paths: { "/a": { get: { responses: { 200: { $ref: "responses.json#/ok" } } } } },
      },
    });
    const m = await loadSpec(`${server.url}/openapi.json`, { fetch: countingFetch([]) });
    expect(other.hits).toEqual([]);
    expect(m.warnings.join(" ")).toContain("another origin");
    expect(m.operations[0]?.responses["200"]?.schema).toEqual({ "x-unresolved-ref": `${other.server.url}/user.json` });

    const calls: string[] = [];
    const m2 = await loadSpec(`${server.url}/local.json`, { fetch: countingFetch(calls), remoteRefs: false });
    expect(calls).toEqual([`${server.url}/local.json`]);
    expect(m2.warnings.join(" ")).toContain("remote refs disabled");
  });

  it("reports a failed URL spec fetch and a missing same-origin $ref as one-line SpecErrors", async () => {
    const { server } = await serve({
      "/openapi.json": { openapi: "3.0.3", info: { title: "x", version: "1" }, paths: { "/a": { get: { responses: { 200: { $ref: "gone.json" } } } } } },
    });
    const missing = await loadSpec(`${server.url}/nope.json`, { fetch: countingFetch([]) }).catch((e: unknown) => e);
    expect((missing as SpecError).message).toBe(`${server.url}/nope.json: could not fetch the specification: HTTP 404`);
    const broken = await loadSpec(`${server.url}/openapi.json`, { fetch: countingFetch([]) }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(SpecError);
    expect((broken as SpecError).message).toContain("Cannot resolve external $ref 'gone.json'");
    expect((broken as SpecError).message).toContain("HTTP 404");
    expect((broken as SpecError).pointer).toBe("/paths/~1a/get/responses/200");
    const noFetch = await loadSpec(`${server.url}/openapi.json`).catch((e: unknown) => e);
    expect((noFetch as SpecError).message).toContain("without a fetch function");
  });
});
