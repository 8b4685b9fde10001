import { describe, expect, it } from "vitest";
import type { Operation, Parameter } from "../../src/core/types.js";
import { joinUrl, operationUrl } from "../../src/spec/url.js";

function param(name: string, where: Parameter["in"], sample: string, required = true): Parameter {
  return { name, in: where, required, schema: { type: "string" }, sample };
}

function op(path: string, parameters: Parameter[]): Operation {
  return {
    key: `GET ${path}`, method: "GET", path, tags: [], deprecated: false, parameters, requestBody: null,
    responses: {}, security: null, servers: [], pointer: "/paths",
  };
}

describe("operationUrl", () => {
  it("fills path parameters with encoded samples and adds required query parameters", () => {
    const o = op("/users/{id}/files/{name}", [
      param("id", "path", "1"),
      param("name", "path", "a b/c"),
      param("limit", "query", "10"),
      param("filter", "query", "x", false),
      param("X-Trace", "header", "t"),
    ]);
    expect(operationUrl(o, "http://127.0.0.1:8080", "/api")).toBe("http://127.0.0.1:8080/api/users/1/files/a%20b%2Fc?limit=10");
  });

  it("answers the same operation again for another base URL or base path, and with overrides, as if asked first", () => {
    const o = op("/users/{id}", [param("id", "path", "1")]);
    expect(operationUrl(o, "http://127.0.0.1:8080", "")).toBe("http://127.0.0.1:8080/users/1");
    expect(operationUrl(o, "http://127.0.0.1:9090", "")).toBe("http://127.0.0.1:9090/users/1");
    expect(operationUrl(o, "http://127.0.0.1:9090", "/v2")).toBe("http://127.0.0.1:9090/v2/users/1");
    expect(operationUrl(o, "http://127.0.0.1:9090", "/v2", { id: "7" })).toBe("http://127.0.0.1:9090/v2/users/7");
    expect(operationUrl(o, "http://127.0.0.1:9090", "/v2")).toBe("http://127.0.0.1:9090/v2/users/1");
  });

  it("applies overrides to path and optional query parameters", () => {
    const o = op("/users/{id}", [param("id", "path", "1"), param("q", "query", "x", false)]);
    expect(operationUrl(o, "http://localhost/", "", { id: "42", q: "é&" })).toBe("http://localhost/users/42?q=%C3%A9%26");
  });

  it("uses 1 for a template variable the spec never declared", () => {
    expect(operationUrl(op("/orgs/{org}", []), "http://localhost", "")).toBe("http://localhost/orgs/1");
  });
});

describe("joinUrl", () => {
  it("joins without double slashes", () => {
    expect(joinUrl("http://h/", "/v1/", "/pets")).toBe("http://h/v1/pets");
    expect(joinUrl("http://h", "", "/pets")).toBe("http://h/pets");
    expect(joinUrl("http://h", "v2", "pets")).toBe("http://h/v2/pets");
    expect(joinUrl("http://h//", "", "/")).toBe("http://h/");
  });

  it("does not repeat a base path the base URL already ends with", () => {
    expect(joinUrl("http://h/api/v1", "/api/v1", "/pets")).toBe("http://h/api/v1/pets");
    expect(joinUrl("http://h/api", "/v1", "/pets")).toBe("http://h/api/v1/pets");
  });

  it("keeps a query string of the base URL after the path", () => {
    expect(joinUrl("http://h/?tenant=a", "", "/pets")).toBe("http://h/pets?tenant=a");
  });
});
