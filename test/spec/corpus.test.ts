// Loads every document of the spec-loader corpus: real documents must yield exactly the operation count
// its INDEX.md states; broken ones must fail with the one-line error INDEX.md says a good loader gives (key
// phrases and the JSON pointer). The repository carries the whole corpus (licences in
// test/fixtures/spec-corpus/LICENSES.md): the small and broken documents as files, the largest real-world
// ones (multi-file DigitalOcean and SendGrid among them) in spec-corpus-large.tar.gz, unpacked once per run.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { x as untar } from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { SpecError } from "../../src/core/errors.js";
import type { ApiModel } from "../../src/core/types.js";
import { loadSpec } from "../../src/spec/index.js";

const BUNDLED = fileURLToPath(new URL("../fixtures/spec-corpus", import.meta.url));
const LARGE = mkdtempSync(path.join(os.tmpdir(), "rampart-corpus-"));
await untar({ file: fileURLToPath(new URL("../fixtures/spec-corpus-large.tar.gz", import.meta.url)), cwd: LARGE });
afterAll(() => rmSync(LARGE, { recursive: true, force: true }));

/** The corpus directory that holds `file`: the bundled files, else the unpacked archive. */
function rootOf(file: string): string {
  return existsSync(path.join(BUNDLED, file)) ? BUNDLED : LARGE;
}

/** Row number, path and operation count, as listed in INDEX.md. */
const DOCUMENTS: [row: number, file: string, operations: number][] = [
  [1, "oai-learn/examples/v2.0/json/petstore.json", 3],
  [2, "oai-learn/examples/v2.0/yaml/uber.yaml", 5],
  [3, "oai-learn/examples/v2.0/json/petstore-separate/spec/swagger.json", 4],
  [4, "sendgrid/oai.yaml", 334],
  [5, "slack/web-api/slack_web_openapi_v2.json", 174],
  [6, "moby/api/swagger.yaml", 108],
  [7, "harbor/api/v2.0/swagger.yaml", 203],
  [8, "zalando-nakadi/docs/_data/nakadi-event-bus-api.yaml", 47],
  [9, "oai-learn/examples/v3.0/uspto.yaml", 3],
  [10, "oai-learn/examples/v3.0/callback-example.yaml", 1],
  [11, "oai-learn/examples/v3.0/link-example.yaml", 6],
  [12, "oai-learn/examples/v3.0/petstore-expanded.json", 4],
  [13, "digitalocean/specification/DigitalOcean-public.v2.yaml", 659],
  [14, "twilio/spec/json/twilio_api_v2010.json", 197],
  [15, "box/openapi.json", 296],
  [16, "asana/defs/asana_oas.yaml", 247],
  [17, "xero/xero_accounting.yaml", 235],
  [18, "oai-learn/examples/v3.1/webhook-example.yaml", 0],
  [19, "oai-learn/examples/v3.1/non-oauth-scopes.json", 1],
  [20, "oai-learn/examples/v3.1/tictactoe.yaml", 3],
  [21, "oai-spec-tests/tests/schema/pass/mega.yaml", 1],
  [22, "oai-spec-tests/tests/schema/pass/security-scheme-object-examples.yaml", 0],
  [23, "redocly-museum/openapi.yaml", 8],
  [24, "redocly-openapi-starter/openapi/openapi.yaml", 12],
  [25, "scalar-galaxy/3.1.yaml", 10],
  [26, "discord/specs/openapi.json", 242],
  [27, "sendgrid/oai_v3_stoplight.json", 334],
  [28, "sendgrid/oas_v3.json", 355],
  [29, "openapi-python-client/end_to_end_tests/3.1_specific.openapi.yaml", 2],
  [30, "openapi-python-client/end_to_end_tests/baseline_openapi_3.1.yaml", 50],
  [40, "synthetic/stress-10000-operations.json", 10_000],
];

interface Broken {
  row: number;
  file: string;
  phrases: string[];
  pointer?: string | null;
  problems?: number;
}

/** Broken documents (rows 31-39) and what the error must say. */
const BROKEN: Broken[] = [
  { row: 31, file: "synthetic/broken-not-json.json", phrases: ["broken-not-json.json", "JSON syntax error at line 6, column 3", "position 97"] },
  { row: 32, file: "synthetic/broken-not-yaml.yaml", phrases: ["broken-not-yaml.yaml", "YAML syntax error at line 9, column 1", "Tabs are not allowed as indentation"] },
  {
    row: 34,
    file: "synthetic/broken-wrong-version.yaml",
    phrases: ["Unsupported OpenAPI version '2.0' in field `openapi`", "expected 3.0.x or 3.1.x", 'declare `swagger: "2.0"`'],
    pointer: "/openapi",
  },
  {
    row: 35,
    file: "synthetic/broken-dangling-ref.yaml",
    phrases: [
      "unresolved $ref '#/components/parameters/limit' at /paths/~1pets/get/parameters/0",
      "unresolved $ref '#/components/responses/Error' at /paths/~1pets~1{petId}/get/responses/default",
      "unresolved $ref '#/components/schemas/Owner' at /components/schemas/Pet/properties/owner",
      "unresolved $ref '#/components/schemas/Pet/properties/nam' at /components/schemas/Pet/properties/tags/items",
    ],
    pointer: "/paths/~1pets/get/parameters/0",
    problems: 4,
  },
  {
    row: 36,
    file: "synthetic/broken-missing-external-file/openapi.yaml",
    phrases: [
      "Cannot resolve external $ref './schemas/Pet.yaml' from openapi.yaml: file not found",
      "/paths/~1pets/get/responses/200/content/application~1json/schema/items, /paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema",
      "Cannot resolve external $ref './parameters.yaml' from openapi.yaml: file not found",
      "/paths/~1pets~1{petId}/parameters/0",
    ],
    pointer: "/paths/~1pets/get/responses/200/content/application~1json/schema/items",
    problems: 2,
  },
  {
    row: 37,
    file: "synthetic/broken-self-ref-loop.yaml",
    phrases: [
      "circular $ref with no concrete target: #/components/schemas/A → #/components/schemas/A",
      "circular $ref with no concrete target: #/components/schemas/B → #/components/schemas/C → #/components/schemas/B",
      "circular $ref with no concrete target: #/components/parameters/P → #/components/parameters/P",
    ],
    pointer: "/components/schemas/A",
    problems: 3,
  },
  { row: 38, file: "synthetic/broken-yaml-alias-bomb.yaml", phrases: ["YAML alias expansion refused", "resource exhaustion"] },
  {
    row: 39,
    file: "synthetic/broken-ref-escape.yaml",
    phrases: [
      "external $ref escapes the specification directory (not read): $ref '../../../../../../../../../../../../etc/passwd' at /paths/~1users/get/responses/200/content/application~1json/schema",
      "file: URI refs not allowed: $ref 'file:///etc/hostname' at /paths/~1users/get/responses/500/content/application~1json/schema",
      "remote $ref not fetched (remote refs disabled for a local specification): $ref 'http://192.0.2.1/latest/meta-data/iam/security-credentials/#/param' at /paths/~1users~1{id}/get/parameters/0",
      "remote $ref not fetched (remote refs disabled for a local specification): $ref 'https://example.invalid/schemas/User.json'",
    ],
    pointer: "/paths/~1users/get/responses/200/content/application~1json/schema",
    problems: 4,
  },
];

/** The largest documents take seconds each to parse on a busy machine. */
const SLOW_TIMEOUT = 180_000;

/** Models loaded by the row tests, reused by the feature tests below (each document parses once). */
const loaded = new Map<string, ApiModel>();

async function model(file: string): Promise<ApiModel> {
  return loaded.get(file) ?? (await load(file));
}

function load(file: string, fetchCalls?: string[]): Promise<ApiModel> {
  const fetch = async (url: string) => {
    fetchCalls?.push(url);
    return { status: 599, body: "", contentType: "" };
  };
  return loadSpec(file, { cwd: rootOf(file), fetch });
}

describe("spec corpus: real and generated documents", () => {
  for (const [row, file, count] of DOCUMENTS) {
    it(`row ${row} ${file} yields ${count} operations`, async () => {
      const calls: string[] = [];
      const m = await load(file, calls);
      loaded.set(file, m);
      expect(m.operations).toHaveLength(count);
      expect(new Set(m.operations.map((o) => o.key)).size).toBe(count);
      expect(m.source).toBe(path.join(rootOf(file), file));
      expect(calls).toEqual([]); // a local spec never fetches anything
      for (const op of m.operations.slice(0, 50)) {
        expect(op.pointer.startsWith("/paths/")).toBe(true);
        for (const p of op.parameters) expect(typeof p.sample).toBe("string");
      }
    }, SLOW_TIMEOUT);
  }
});

describe("spec corpus: broken documents", () => {
  // Row 33 of the original corpus table is a Postman collection: --spec reads those since Postman input
  // landed (docs/discovery.md, src/spec/inputs), so it is no longer a broken document.
  it("row 33 synthetic/broken-not-openapi.json (a Postman collection) loads as one, offline", async () => {
    const calls: string[] = [];
    const m = await load("synthetic/broken-not-openapi.json", calls);
    expect(m.operations.length).toBeGreaterThan(0);
    expect(m.operations.map((o) => o.method).every((x) => /^[A-Z]+$/.test(x) || /^[a-z]+$/.test(x))).toBe(true);
    expect(calls).toEqual([]);
  });
  it.each(BROKEN.map((b) => [b.row, b.file, b] as const))("row %i %s fails with a one-line SpecError", async (_row, file, b) => {
    const calls: string[] = [];
    const err = await load(file, calls).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SpecError);
    const e = err as SpecError;
    expect(e.message).not.toMatch(/\n/);
    expect(e.message.startsWith(file)).toBe(true);
    for (const phrase of b.phrases) expect(e.message).toContain(phrase);
    if (b.pointer !== undefined) expect(e.pointer).toBe(b.pointer);
    if (b.problems !== undefined) expect(e.problems).toHaveLength(b.problems);
    expect(calls).toEqual([]);
  });

  it("reports a missing external file once and never the file that exists", async () => {
    const e = (await load("synthetic/broken-missing-external-file/openapi.yaml").catch((x: unknown) => x)) as SpecError;
    expect(e.problems.filter((p) => p.includes("Pet.yaml"))).toHaveLength(1);
    expect(e.message).not.toContain("Error.yaml");
  });

  it("does not echo the password file when refusing a path-traversal $ref", async () => {
    const e = (await load("synthetic/broken-ref-escape.yaml").catch((x: unknown) => x)) as SpecError;
    expect(e.message).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
  });
});

describe("spec corpus: notable features", () => {
  it("keeps x- extension $refs unresolved with a warning and still yields all operations (Redocly starter)", async () => {
    const m = await model("redocly-openapi-starter/openapi/openapi.yaml");
    expect(m.operations).toHaveLength(12);
    expect(m.warnings.join(" ")).toContain("x-codeSamples");
    // INDEX.md counts 4 `security: []`; one of them is on the webhook, which is not an operation.
    expect(m.operations.filter((o) => Array.isArray(o.security) && o.security.length === 0)).toHaveLength(3);
  });

  it("warns about, and does not fetch, a remote $ref in a local spec (security-scheme examples)", async () => {
    const calls: string[] = [];
    const m = await load("oai-spec-tests/tests/schema/pass/security-scheme-object-examples.yaml", calls);
    expect(calls).toEqual([]);
    expect(m.warnings.some((w) => w.includes("remote $ref not fetched") && w.includes("https://example.com/api/openapi.json"))).toBe(true);
    expect(Object.values(m.securitySchemes).map((s) => s.type).sort()).toEqual(
      expect.arrayContaining(["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"]),
    );
  });

  it("leaves recursive schemas as bounded, serialisable references (Discord ErrorDetails)", async () => {
    const m = await model("discord/specs/openapi.json");
    const text = JSON.stringify(m.operations.slice(0, 20));
    expect(text).toContain('"x-circular-ref"');
  }, SLOW_TIMEOUT);

  it("normalises Swagger 2.0 host/basePath/schemes and `type: basic` (Harbor)", async () => {
    const m = await model("harbor/api/v2.0/swagger.yaml");
    expect(m.specVersion).toBe("2.0");
    expect(m.basePath).toBe("/api/v2.0");
    expect(m.servers[0]).toMatch(/^https?:\/\/localhost\/api\/v2\.0$/);
    expect(Object.values(m.securitySchemes)).toContainEqual({ type: "http", scheme: "basic" });
    expect(m.operations.filter((o) => o.deprecated)).toHaveLength(3);
  }, SLOW_TIMEOUT);

  it("substitutes server variables and takes the base path from the first server (USPTO)", async () => {
    const m = await model("oai-learn/examples/v3.0/uspto.yaml");
    expect(m.servers[0]).toBe("https://developer.uspto.gov/ds-api");
    expect(m.basePath).toBe("/ds-api");
    const form = m.operations.find((o) => o.requestBody?.contentType === "application/x-www-form-urlencoded");
    expect(form?.requestBody?.sample).toBeTypeOf("object");
  });

  it("declares the stress document's {id} parameter once per path item and applies it to 6,000 operations", async () => {
    const m = await model("synthetic/stress-10000-operations.json");
    const withId = m.operations.filter((o) => o.parameters.some((p) => p.in === "path" && p.name === "id" && p.sample === "1"));
    expect(withId).toHaveLength(6000);
  });

  it("does not count webhooks and callbacks (Galaxy) and keeps optional auth `{}` alternatives (Discord)", async () => {
    const galaxy = await model("scalar-galaxy/3.1.yaml");
    expect(galaxy.operations.map((o) => o.key)).not.toContain(expect.stringMatching(/\{\$request/));
    const discord = await model("discord/specs/openapi.json");
    const optional = discord.operations.filter((o) => o.security?.some((r) => Object.keys(r).length === 0));
    expect(optional).toHaveLength(22);
  }, SLOW_TIMEOUT);
});
