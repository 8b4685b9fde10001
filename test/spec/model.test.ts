// Normalisation into the Operation model: Swagger 2.0 conversion, security inheritance, parameter
// merging, `$ref`d path items and operations, 3.0 vs 3.1 `$ref` siblings, recursion, extensions.
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecError } from "../../src/core/errors.js";
import type { ApiModel, Operation } from "../../src/core/types.js";
import { loadSpec } from "../../src/spec/index.js";
import { bodySample } from "../../src/spec/samples.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "rampart-spec-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the files (paths relative to a fresh folder) and loads the first one. */
async function loadFiles(files: Record<string, unknown>, cwd?: string): Promise<ApiModel> {
  const base = await mkdtemp(path.join(dir, "case-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(base, name)), { recursive: true });
    await writeFile(path.join(base, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return loadSpec(Object.keys(files)[0] as string, { cwd: cwd ?? base });
}

function op(m: ApiModel, key: string): Operation {
  const found = m.operations.find((o) => o.key === key);
  if (!found) throw new Error(`no ${key} in ${m.operations.map((o) => o.key).join(", ")}`);
  return found;
}

describe("Swagger 2.0 normalisation", () => {
  const swagger = {
    swagger: "2.0",
    info: { title: "Shop", version: "1" },
    host: "api.example.test",
    basePath: "/v1/",
    schemes: ["https", "http"],
    consumes: ["application/json"],
    securityDefinitions: {
      basicAuth: { type: "basic" },
      key: { type: "apiKey", in: "query", name: "api_key" },
    },
    security: [{ basicAuth: [] }],
    paths: {
      "/pets/{petId}": {
        parameters: [
          { name: "petId", in: "path", required: true, type: "integer", minimum: 5 },
          { name: "X-Trace", in: "header", type: "string", description: "path level" },
        ],
        put: {
          operationId: "updatePet",
          security: [{ key: [] }],
          parameters: [
            { name: "x-trace", in: "header", type: "string", required: true, description: "operation level" },
            { name: "body", in: "body", required: true, schema: { $ref: "#/definitions/Pet" } },
          ],
          responses: { 200: { description: "ok", schema: { $ref: "#/definitions/Pet" } }, 204: { description: "none" } },
        },
      },
      "/pets/{petId}/photo": {
        post: {
          consumes: ["multipart/form-data"],
          parameters: [
            { name: "petId", in: "path", required: true, type: "string", format: "uuid" },
            { name: "file", in: "formData", type: "file", required: true },
            { name: "caption", in: "formData", type: "string", "x-example": "cute" },
          ],
          responses: { 201: { description: "created" } },
        },
      },
      "/login": {
        post: {
          security: [],
          consumes: ["application/x-www-form-urlencoded"],
          parameters: [
            { name: "user", in: "formData", type: "string", required: true },
            { name: "tags", in: "query", type: "array", items: { type: "string", enum: ["a", "b"] }, required: true },
          ],
          responses: { 200: { description: "ok" } },
        },
      },
    },
    definitions: {
      Pet: { type: "object", required: ["name"], properties: { id: { type: "integer", readOnly: true }, name: { type: "string", example: "Rex" } } },
    },
  };

  it("turns host/basePath/schemes into servers and the base path", async () => {
    const m = await loadFiles({ "swagger.json": swagger });
    expect(m.specVersion).toBe("2.0");
    expect(m.servers).toEqual(["https://api.example.test/v1", "http://api.example.test/v1"]);
    expect(m.basePath).toBe("/v1");
    expect(m.securitySchemes).toEqual({
      basicAuth: { type: "http", scheme: "basic" },
      key: { type: "apiKey", in: "query", name: "api_key" },
    });
  });

  it("moves an `in: body` parameter to the request body and merges path-level parameters", async () => {
    const m = await loadFiles({ "swagger.json": swagger });
    const put = op(m, "PUT /pets/{petId}");
    expect(put.pointer).toBe("/paths/~1pets~1{petId}/put");
    expect(put.requestBody).toMatchObject({ contentType: "application/json", required: true, sample: { name: "Rex" } });
    expect(put.requestBody?.schema).toMatchObject({ type: "object", properties: { name: { type: "string" } } });
    expect(put.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:petId", "header:x-trace"]);
    expect(put.parameters.find((p) => p.in === "header")).toMatchObject({ required: true, description: "operation level" });
    expect(put.parameters[0]?.sample).toBe("5"); // integer respecting minimum
    expect(put.responses["200"]).toMatchObject({ contentTypes: ["application/json"], schema: { type: "object" } });
    expect(put.responses["204"]).toMatchObject({ contentTypes: [], schema: null });
    expect(put.security).toEqual([{ key: [] }]);
  });

  it("turns formData parameters into a multipart or urlencoded body", async () => {
    const m = await loadFiles({ "swagger.json": swagger });
    const photo = op(m, "POST /pets/{petId}/photo");
    expect(photo.requestBody?.contentType).toBe("multipart/form-data");
    expect(photo.requestBody?.schema).toMatchObject({ required: ["file"], properties: { file: { type: "string", format: "binary" } } });
    expect(photo.requestBody?.sample).toEqual({ file: "test", caption: "cute" });
    expect(photo.parameters[0]?.sample).toBe("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    expect(photo.security).toEqual([{ basicAuth: [] }]);
    const login = op(m, "POST /login");
    expect(login.requestBody?.contentType).toBe("application/x-www-form-urlencoded");
    expect(login.security).toEqual([]);
    expect(login.parameters[0]).toMatchObject({ name: "tags", in: "query", required: true, sample: "a" });
  });

  it("uses the base path alone when there is no host", async () => {
    const { host: _h, ...noHost } = swagger;
    const m = await loadFiles({ "swagger.json": noHost });
    expect(m.servers).toEqual(["/v1"]);
    expect(m.basePath).toBe("/v1");
  });
});

describe("OpenAPI 3.x normalisation", () => {
  const doc = (version: string) => ({
    openapi: version,
    info: { title: "T", version: 2 },
    servers: [{ url: "https://{host}/api/{v}/", variables: { host: { default: "api.example.test" }, v: { enum: ["v2", "v1"], default: "v2" } } }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "Bearer", bearerFormat: "JWT" }, cookie: { type: "apiKey", in: "cookie", name: "sid" } },
      parameters: {
        id: { name: "id", in: "path", required: true, schema: { type: "string" }, description: "target description" },
      },
      schemas: {
        User: { type: "object", description: "a user", properties: { id: { type: "integer" }, email: { type: "string", format: "email" } } },
        Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } },
      },
      pathItems: { health: { get: { responses: { 200: { description: "ok" } } } } },
    },
    paths: {
      "/users/{id}": {
        parameters: [{ $ref: "#/components/parameters/id", description: "overridden description" }, { name: "verbose", in: "query", schema: { type: "boolean" } }],
        get: {
          tags: ["users"],
          parameters: [{ name: "verbose", in: "query", required: true, schema: { type: "boolean" } }],
          responses: {
            200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/User", description: "sibling" } } } },
            "x-note": { not: "a response" },
          },
          callbacks: { onEvent: { "{$request.query.url}": { post: { responses: { 200: { description: "ok" } } } } } },
        },
        delete: { security: [], deprecated: true, responses: { 204: { description: "gone" } } },
        patch: { security: [{ cookie: [] }, {}], servers: [{ url: "https://patch.example.test" }], responses: { 200: { description: "ok" } } },
      },
      "/tree": {
        post: {
          "x-codeSamples": [{ lang: "sh", source: { $ref: "./missing/sample.sh" } }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } },
          responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } } },
        },
      },
      "/health": { $ref: "#/components/pathItems/health" },
    },
    webhooks: { ping: { post: { responses: { 200: { description: "ok" } } } } },
  });

  it("resolves servers with variables, base path, security schemes and counts no webhooks/callbacks", async () => {
    const m = await loadFiles({ "openapi.json": doc("3.1.0") });
    expect(m.servers).toEqual(["https://api.example.test/api/v2/"]);
    expect(m.basePath).toBe("/api/v2");
    expect(m.version).toBe("2");
    expect(m.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(m.operations.map((o) => o.key).sort()).toEqual(["DELETE /users/{id}", "GET /health", "GET /users/{id}", "PATCH /users/{id}", "POST /tree"]);
  });

  it("computes effective security: operation-level, else global; [] is public", async () => {
    const m = await loadFiles({ "openapi.json": doc("3.0.3") });
    expect(op(m, "GET /users/{id}").security).toEqual([{ bearer: [] }]);
    expect(op(m, "DELETE /users/{id}").security).toEqual([]);
    expect(op(m, "PATCH /users/{id}").security).toEqual([{ cookie: [] }, {}]);
    const { security: _s, ...noGlobal } = doc("3.0.3");
    const m2 = await loadFiles({ "openapi.json": noGlobal });
    expect(m2.globalSecurity).toBeNull();
    expect(op(m2, "GET /users/{id}").security).toBeNull();
    expect(op(m2, "DELETE /users/{id}").security).toEqual([]);
  });

  it("merges path-item and operation parameters (operation wins) and resolves path-item $refs", async () => {
    const m = await loadFiles({ "openapi.json": doc("3.0.3") });
    const get = op(m, "GET /users/{id}");
    expect(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(["path:id:true", "query:verbose:true"]);
    expect(get.parameters[0]?.sample).toBe("1");
    expect(get.parameters[1]?.sample).toBe("true");
    expect(get.tags).toEqual(["users"]);
    expect(op(m, "DELETE /users/{id}").deprecated).toBe(true);
    expect(op(m, "PATCH /users/{id}").servers).toEqual(["https://patch.example.test"]);
    expect(op(m, "GET /health").pointer).toBe("/paths/~1health/get");
    expect(get.pointer).toBe("/paths/~1users~1{id}/get");
  });

  it("ignores $ref siblings in 3.0 and honours them in 3.1", async () => {
    const m30 = await loadFiles({ "openapi.json": doc("3.0.3") });
    const m31 = await loadFiles({ "openapi.json": doc("3.1.0") });
    expect(op(m30, "GET /users/{id}").responses["200"]?.schema?.description).toBe("a user");
    expect(op(m31, "GET /users/{id}").responses["200"]?.schema?.description).toBe("sibling");
    expect(op(m30, "GET /users/{id}").parameters[0]?.description).toBe("target description");
    expect(op(m31, "GET /users/{id}").parameters[0]?.description).toBe("overridden description");
    expect(Object.keys(op(m31, "GET /users/{id}").responses)).toEqual(["200"]);
  });

  it("keeps a recursive schema as a reference and builds a bounded sample", async () => {
    const m = await loadFiles({ "openapi.json": doc("3.0.3") });
    const tree = op(m, "POST /tree");
    const schema = tree.requestBody?.schema as Record<string, unknown>;
    expect(JSON.stringify(schema)).toContain('"x-circular-ref":"#/components/schemas/Node"');
    expect(tree.requestBody?.sample).toEqual({ name: "test", children: [] });
    expect(bodySample(tree.responses["200"]?.schema ?? null, "response")).toEqual({ name: "test", children: [] });
    expect(m.warnings.join(" ")).toContain("x-codeSamples");
  });

  it("resolves operation-level and path-item $refs to other files, relative to the referencing file", async () => {
    const m = await loadFiles({
      "api/openapi.yaml": [
        "openapi: 3.0.0",
        "info: {title: split, version: '1'}",
        "paths:",
        "  /a:",
        "    get: {$ref: 'ops/get-a.yaml'}",
        "  /b/{id}: {$ref: 'paths/b.yaml#/item'}",
      ].join("\n"),
      "api/ops/get-a.yaml": "responses:\n  '200': {description: ok, content: {application/json: {schema: {$ref: '../schemas/A.yaml'}}}}\n",
      "api/paths/b.yaml": "item:\n  parameters: [{name: id, in: path, required: true, schema: {type: string, format: date}}]\n  delete: {responses: {'204': {description: gone}}}\n",
      "api/schemas/A.yaml": "type: object\nproperties: {self: {$ref: '#'}, n: {type: integer, minimum: 3}}\n",
    });
    expect(m.operations.map((o) => o.key)).toEqual(["GET /a", "DELETE /b/{id}"]);
    expect(op(m, "GET /a").responses["200"]?.schema).toMatchObject({ properties: { self: { "x-circular-ref": "schemas/A.yaml#" } } });
    expect(op(m, "DELETE /b/{id}").parameters[0]?.sample).toBe("2024-01-01");
  });
});

describe("hostile keys", () => {
  it("keeps a property named __proto__ as data and never touches prototypes", async () => {
    const text = JSON.stringify({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: {
        "/a": {
          post: {
            requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/P" } } } },
            responses: { 200: { description: "ok" } },
          },
        },
      },
      components: { schemas: { P: { type: "object", properties: { polluted: { type: "boolean" } } } } },
    }).replace('"properties":{', '"properties":{"__proto__":{"type":"string","example":"x"},');
    const m = await loadFiles({ "openapi.json": text });
    const body = m.operations[0]?.requestBody;
    expect(Object.keys(body?.schema?.properties as object)).toEqual(["__proto__", "polluted"]);
    expect(Object.keys(body?.sample as object)).toEqual(["__proto__", "polluted"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(body?.sample)).toBe(Object.prototype);
  });
});

describe("local $ref policy", () => {
  it("refuses a symlink that leads out of the specification directory, without reading it", async () => {
    const outside = await mkdtemp(path.join(dir, "outside-"));
    await writeFile(path.join(outside, "secret.yaml"), "type: string\ndescription: TOP-SECRET-CONTENT\n");
    const base = await mkdtemp(path.join(dir, "case-"));
    await writeFile(
      path.join(base, "openapi.yaml"),
      "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: 'link.yaml'}}}}\n",
    );
    await symlink(path.join(outside, "secret.yaml"), path.join(base, "link.yaml"));
    const err = await loadSpec("openapi.yaml", { cwd: base }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).message).toContain("outside the specification directory");
    expect((err as SpecError).message).not.toContain("TOP-SECRET-CONTENT");
  });

  it("lets a spec folder use a sibling folder of the working directory's project, but not beyond it", async () => {
    const files = {
      "spec/openapi.yaml": "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {$ref: '../common/ok.yaml'}}}\n",
      "common/ok.yaml": "description: ok\n",
    };
    const m = await loadFiles(files);
    expect(m.operations).toHaveLength(1);
    const base = path.dirname(path.dirname(m.source));
    // With the working directory being the spec folder itself, ../common is outside the tree.
    const err = await loadSpec(m.source, { cwd: path.join(base, "spec") }).catch((e: unknown) => e);
    expect((err as SpecError).message).toContain("escapes the specification directory");
  });

  it("fails with a one-line error naming the file for a missing root document", async () => {
    const err = await loadSpec("nope/openapi.yaml", { cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).message).toBe("nope/openapi.yaml: cannot read the specification: file not found");
  });
});
