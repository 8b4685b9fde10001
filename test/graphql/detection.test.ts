// GraphQL detection and schema: endpoint found at the usual paths or named with --graphql, schema from
// introspection, from an SDL file (--spec schema.graphql), or rebuilt from suggestions when introspection
// is off; the HTTP layer's safe-mode guard for GraphQL requests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { printSchema } from "graphql";
import { scan } from "../../src/index.js";
import { createHttpClient } from "../../src/http/client.js";
import { graphqlRefusal } from "../../src/http/graphql-policy.js";
import { PolicyError } from "../../src/core/errors.js";
import { rebuildFromSuggestions } from "../../src/graphql/suggestions.js";
import { parseGraphqlBody } from "../../src/graphql/response.js";
import { startServer } from "../helpers/fixture-server.js";
import { findingsOf } from "../apps/framework-scan.js";
import { VULNERABLE_SDL, graphqlApp } from "../apps/graphql-app.js";

const ID = "inventoryManagement.graphql-introspection";

describe("graphql safe-mode guard (HTTP layer)", () => {
  const u = (s: string) => new URL(s);
  const base = { method: "POST" as const, url: u("http://127.0.0.1/graphql"), contentType: "application/json", graphql: true };
  it("allows a query-only POST to a confirmed endpoint, refuses mutations, unreadable bodies and unconfirmed endpoints", () => {
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify({ query: "{ user(id: 1) { id } }" }), confirmed: true })).toBeNull();
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify([{ query: "{ a }" }, { query: "query Q { b }" }]), confirmed: true })).toBeNull();
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify({ query: "mutation { updateOrder(id: 1) { id } }" }), confirmed: true })).toMatch(/never sends GraphQL mutations/);
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify([{ query: "{ a }" }, { query: "mutation { b }" }]), confirmed: true })).toMatch(/mutations/);
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify({ query: "subscription { s }" }), confirmed: true })).toMatch(/subscriptions/);
    expect(graphqlRefusal("safe", { ...base, body: "{ broken mutation", confirmed: true })).toMatch(/readable/);
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify({ extensions: { persistedQuery: { sha256Hash: "x" } } }), confirmed: true })).toMatch(/readable/);
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify({ query: "{ user { id } }" }), confirmed: false })).toMatch(/confirmed GraphQL endpoint/);
    expect(graphqlRefusal("safe", { ...base, body: JSON.stringify({ query: "{ __typename }" }), confirmed: false })).toBeNull();
    expect(graphqlRefusal("safe", { ...base, contentType: "application/x-www-form-urlencoded", body: "query=mutation%20%7B%20a%20%7D", confirmed: true })).toMatch(/mutations/);
    expect(graphqlRefusal("safe", { ...base, contentType: "multipart/form-data", body: "x", confirmed: true })).toMatch(/readable/);
    expect(graphqlRefusal("active", { ...base, body: JSON.stringify({ query: "mutation { a }" }), confirmed: false })).toBeNull();
  });
  it("refuses a mutation in any GET query string outside active mode, marked or not", () => {
    const get = { method: "GET" as const, body: null, contentType: undefined, confirmed: false };
    expect(graphqlRefusal("safe", { ...get, graphql: false, url: u("http://h/graphql?query=mutation%20%7Bx%7D") })).toMatch(/mutation/);
    expect(graphqlRefusal("passive", { ...get, graphql: true, url: u("http://h/graphql?query=mutation%20%7Bx%7D") })).toMatch(/mutation/);
    expect(graphqlRefusal("safe", { ...get, graphql: false, url: u("http://h/search?query=mutation%20testing") })).toBeNull();
    expect(graphqlRefusal("safe", { ...get, graphql: true, url: u("http://h/graphql?query=%7Bx%7D") })).toBeNull();
  });
  it("the client confirms an endpoint from its answer, then allows query POSTs and never sends a mutation", async () => {
    const app = graphqlApp({ hardened: false });
    const server = await startServer(app.handler);
    const http = createHttpClient({ baseUrl: server.url, mode: "safe", identities: [], budget: 50, ratePerSecond: 1000, concurrency: 2, timeoutMs: 5000, maxBodyBytes: 1 << 20, userAgent: "test", includeOperations: [] });
    try {
      const post = (query: string) => http.send({ method: "POST", url: "/graphql", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }), graphql: true });
      await expect(post("{ users { id } }")).rejects.toThrow(PolicyError);
      const probe = await post("{ __typename }");
      expect(parseGraphqlBody(probe.response!.body)?.[0]?.data).toEqual({ __typename: "Query" });
      const users = await post("{ users { id } }");
      expect(users.response!.status).toBe(200);
      await expect(post('mutation { updateOrder(id: "5001", status: "void") { id } }')).rejects.toThrow(/never sends GraphQL mutations/);
      await expect(http.send({ url: "/graphql", query: { query: 'mutation { verifyOtp(code: "1") }' } })).rejects.toThrow(PolicyError);
      expect(app.traffic.mutations).toBe(0);
    } finally {
      await http.close();
      await server.close();
    }
  });
});

describe("schema sources", () => {
  it("rebuilds root fields, their types and required arguments from validation messages", async () => {
    const app = graphqlApp({ hardened: false, introspection: false });
    const server = await startServer(app.handler);
    try {
      const rebuilt = await rebuildFromSuggestions(async (query) => {
        const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
        return parseGraphqlBody(await res.text())?.[0] ?? null;
      });
      expect(rebuilt).not.toBeNull();
      const sdl = printSchema(rebuilt!.schema);
      expect(sdl).toMatch(/user\(id: ID!\): User/);
      expect(sdl).toMatch(/users: \[User!\]!/);
      expect(sdl).toMatch(/type User \{[^}]*email: String!/);
      expect(sdl).toMatch(/type User \{[^}]*passwordHash: String/);
    } finally {
      await server.close();
    }
  });

  it("finds /graphql, reports introspection as `query __schema` with the JSON body in the curl line; silent when off", async () => {
    for (const hardened of [false, true]) {
      const app = graphqlApp({ hardened });
      const server = await startServer(app.handler);
      try {
        const report = await scan({ target: server.url, checks: [ID], discoverSpec: false });
        const found = findingsOf(report, ID);
        if (hardened) expect(found).toEqual([]);
        else {
          expect(found).toHaveLength(1);
          expect(found[0]!.operation).toMatchObject({ method: "query", path: "__schema", url: `${server.url}/graphql` });
          expect(found[0]!.reproduce).toMatch(/^curl -i -X POST '.*\/graphql' .*--data-raw '\{"query":"query IntrospectionQuery\{__schema\{/);
        }
        expect(app.traffic.mutations).toBe(0);
      } finally {
        await server.close();
      }
    }
  });

  it("takes the endpoint from --graphql and the schema from an SDL file; a broken SDL is a one-line error", async () => {
    const app = graphqlApp({ hardened: true, path: "/internal/gql" });
    const server = await startServer(app.handler);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-sdl-"));
    try {
      const sdlFile = path.join(dir, "schema.graphql");
      fs.writeFileSync(sdlFile, VULNERABLE_SDL);
      const report = await scan({ target: server.url, graphql: "/internal/gql", spec: sdlFile, checks: [ID] });
      expect(report.target.specUrl).toBe(sdlFile);
      expect(report.options["graphql"]).toBe(`${server.url}/internal/gql`);
      expect(report.errors.filter((e) => e.checkId === ID)).toEqual([]);
      fs.writeFileSync(sdlFile, "type Query { user: Missing }");
      await expect(scan({ target: server.url, spec: sdlFile, checks: [ID] })).rejects.toThrow(/schema\.graphql: not a valid GraphQL schema \(SDL\): Unknown type "Missing"/);
      await expect(scan({ target: server.url, graphql: "http://example.invalid/graphql", checks: [ID] })).rejects.toThrow(/not on the target host/);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
