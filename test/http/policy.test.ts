import { describe, expect, it } from "vitest";
import type { HttpMethod, Operation } from "../../src/core/types.js";
import {
  isIncluded,
  methodRefusal,
  operationSkipReason,
  scopeRefusal,
  unsafeOperationReason,
  unsafeOperationMatcher,
  unsafePathReason,
  words,
} from "../../src/http/policy.js";
import { STATE_CHANGING_WORDS } from "../../src/http/state-changing-words.js";

function op(method: HttpMethod, path: string, extra: Partial<Operation> = {}): Operation {
  return {
    key: `${method} ${path}`,
    method,
    path,
    tags: [],
    deprecated: false,
    parameters: [],
    requestBody: null,
    responses: {},
    security: null,
    servers: [],
    pointer: "",
    ...extra,
  };
}

describe("methodRefusal", () => {
  const all: HttpMethod[] = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE"];
  it("passive allows GET and HEAD only", () => {
    expect(all.filter((m) => methodRefusal("passive", { method: m }) === null)).toEqual(["GET", "HEAD"]);
    expect(methodRefusal("passive", { method: "POST", aiPrompt: true, body: "hi" })).toContain("passive mode");
  });
  it("safe allows the HTTP-safe methods of RFC 9110: GET, HEAD, OPTIONS, TRACE", () => {
    expect(all.filter((m) => methodRefusal("safe", { method: m }) === null)).toEqual(["GET", "HEAD", "OPTIONS", "TRACE"]);
    expect(methodRefusal("safe", { method: "DELETE" })).toBe("safe mode does not send DELETE (needs --mode active)");
  });
  it("safe allows a POST only when marked as an AI prompt with a text or JSON body", () => {
    expect(methodRefusal("safe", { method: "POST", body: "{}", contentType: "application/json" })).not.toBeNull();
    expect(methodRefusal("safe", { method: "POST", aiPrompt: true, body: '{"q":"hi"}', contentType: "application/json" })).toBeNull();
    expect(methodRefusal("safe", { method: "POST", aiPrompt: true, body: "hi", contentType: "text/plain; charset=utf-8" })).toBeNull();
    expect(methodRefusal("safe", { method: "POST", aiPrompt: true, body: "x", contentType: "application/vnd.api+json" })).toBeNull();
    expect(methodRefusal("safe", { method: "POST", aiPrompt: true, body: "--b", contentType: "multipart/form-data; boundary=b" })).toContain(
      "text or JSON",
    );
    expect(methodRefusal("safe", { method: "POST", aiPrompt: true, body: null })).toContain("text body");
    expect(methodRefusal("safe", { method: "PUT", aiPrompt: true, body: "x" })).not.toBeNull();
  });
  it("active allows everything", () => {
    expect(all.every((m) => methodRefusal("active", { method: m }) === null)).toBe(true);
  });
});

describe("unsafeOperationReason", () => {
  it("flags paths, operationIds and summaries that name an action", () => {
    const flagged: Operation[] = [
      op("GET", "/users/{id}/delete"),
      op("GET", "/reset"),
      op("GET", "/api/v1/password-reset"),
      op("GET", "/auth/logout"),
      op("GET", "/auth/log-out"),
      op("GET", "/session/sign_out"),
      op("GET", "/admin/createdb"),
      op("GET", "/cache/flush"),
      op("GET", "/x", { operationId: "deleteUser" }),
      op("GET", "/x", { operationId: "purge_cache" }),
      op("GET", "/x", { operationId: "shutDown" }),
      op("GET", "/pet/{petId}", { summary: "Deletes a pet" }),
      op("GET", "/subscriptions/{id}/unsubscribe"),
      op("GET", "/jobs/{id}/Cancel"),
      op("GET", "/orders/%64elete"),
    ];
    for (const o of flagged) expect(unsafeOperationReason(o), `${o.key} ${o.operationId ?? ""} ${o.summary ?? ""}`).not.toBeNull();
    expect(unsafeOperationReason(op("GET", "/users/1/delete"))).toBe('path segment "delete" names a state-changing action (delete)');
    expect(unsafeOperationReason(op("GET", "/x", { operationId: "deleteUser" }))).toContain("operationId");
  });

  it("leaves listings and look-alike words alone", () => {
    const clean: Operation[] = [
      op("GET", "/deleted-items"),
      op("GET", "/users/{delete}"),
      op("GET", "/resets"),
      op("GET", "/stops"),
      op("GET", "/skills"),
      op("GET", "/clearance-levels"),
      op("GET", "/transfers/{id}"),
      op("GET", "/x", { operationId: "listDeletedItems" }),
      op("GET", "/x", { summary: "Lists deleted pets and cancelled orders" }),
      op("GET", "/pets"),
    ];
    for (const o of clean) expect(unsafeOperationReason(o), `${o.key} ${o.operationId ?? ""} ${o.summary ?? ""}`).toBeNull();
  });

  it("every table word is caught as a path segment", () => {
    for (const w of STATE_CHANGING_WORDS) expect(unsafePathReason(`/api/${w}`), w).not.toBeNull();
  });

  it("splits identifiers into words", () => {
    expect(words("deleteUserHTTPCache")).toEqual(["delete", "user", "http", "cache"]);
    expect(words("log-out_now.json")).toEqual(["log", "out", "now", "json"]);
  });
});

describe("include overrides and operation skip", () => {
  const reset = op("GET", "/reset", { operationId: "doReset" });
  it("matches keys, paths and operationIds", () => {
    expect(isIncluded(["GET /reset"], "GET", "/reset", reset)).toBe(true);
    expect(isIncluded(["get /reset/"], "GET", "/reset", reset)).toBe(true);
    expect(isIncluded(["/reset"], "GET", "/reset", null)).toBe(true);
    expect(isIncluded(["doReset"], "GET", "/reset", reset)).toBe(true);
    expect(isIncluded(["HEAD /reset"], "GET", "/reset", reset)).toBe(false);
    expect(isIncluded(["/other"], "GET", "/reset", reset)).toBe(false);
    const byTemplate = op("GET", "/users/{id}/delete");
    expect(isIncluded(["GET /users/{id}/delete"], "GET", "/users/7/delete", byTemplate)).toBe(true);
  });
  it("gives the engine one reason per skipped operation", () => {
    expect(operationSkipReason(reset, "safe")).toContain("reset");
    expect(operationSkipReason(reset, "safe", ["GET /reset"])).toBeNull();
    expect(operationSkipReason(reset, "active")).toBeNull();
    expect(operationSkipReason(op("DELETE", "/pets/{id}"), "safe", ["DELETE /pets/{id}"])).toContain("safe mode does not send DELETE");
    expect(operationSkipReason(op("OPTIONS", "/pets"), "passive")).toContain("passive mode");
    expect(operationSkipReason(op("GET", "/pets"), "passive")).toBeNull();
  });
});

describe("scopeRefusal", () => {
  const target = new URL("https://127.0.0.1:8443/api");
  it("allows the target host on any scheme and port", () => {
    expect(scopeRefusal(new URL("http://127.0.0.1:8080/x"), target)).toBeNull();
    expect(scopeRefusal(new URL("https://127.0.0.1/x"), target)).toBeNull();
  });
  it("refuses other hosts and non-HTTP schemes", () => {
    expect(scopeRefusal(new URL("http://localhost:8443/x"), target)).toContain("outside the target");
    expect(scopeRefusal(new URL("ftp://127.0.0.1/x"), target)).toContain("not HTTP");
  });
});

describe("unsafeOperationMatcher", () => {
  const ops = [
    op("GET", "/users/{id}/x", { operationId: "deleteUser" }),
    op("DELETE", "/pets/{id}", { summary: "Deletes a pet" }),
    op("GET", "/pets/{id}"),
    op("GET", "/jobs/{id}.json", { summary: "Cancel a job" }),
  ];
  it("matches concrete paths of unsafe operations by method and template", () => {
    const m = unsafeOperationMatcher(ops, [], "/v1");
    expect(m.match("GET", "/v1/users/42/x")).toBe('matches GET /users/{id}/x: operationId "deleteUser" names a state-changing action (delete)');
    expect(m.match("get", "/v1/users/42/x/")).not.toBeNull();
    expect(m.match("GET", "/v1/pets/42")).toBeNull(); // the DELETE on the same template does not poison the GET
    expect(m.match("GET", "/v1/users/42/y")).toBeNull();
    expect(m.match("GET", "/v1/jobs/7.json")).not.toBeNull();
    expect(m.match("GET", "/v1/jobs/7xjson")).toBeNull();
  });
  it("leaves included operations alone", () => {
    expect(unsafeOperationMatcher(ops, ["deleteUser"], "/v1").match("GET", "/v1/users/42/x")).toBeNull();
  });
});
