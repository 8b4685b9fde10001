// fingerprint() on exchanges recorded by the real HTTP layer from framework-style fixtures.
import { describe, expect, it } from "vitest";
import type { Exchange } from "../../src/core/types.js";
import { Fingerprinter, fingerprint } from "../../src/discovery/fingerprint.js";
import { createHttpClient } from "../../src/http/client.js";
import { djangoApp } from "../apps/framework-django.js";
import { expressApp, USERS } from "../apps/framework-express.js";
import { fastapiApp } from "../apps/framework-fastapi.js";
import { springApp } from "../apps/framework-spring.js";
import type { Handler } from "../helpers/fixture-server.js";
import { startServer } from "../helpers/fixture-server.js";

/** What discovery and the crawl would record: the root, an unknown path, a few API paths. */
async function record(handler: Handler, paths: string[], auth: { kind: "bearer"; name: string; value: string }[] = []): Promise<readonly Exchange[]> {
  const server = await startServer(handler);
  const http = createHttpClient({
    baseUrl: server.url,
    mode: "safe",
    identities: auth.length ? [{ label: "default", credentials: auth }] : [],
    budget: 100,
    ratePerSecond: 100,
    concurrency: 4,
    timeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    userAgent: "rampart/test",
    includeOperations: [],
  });
  try {
    for (const p of ["/", "/rampart-does-not-exist", ...paths]) await http.send({ url: p, identity: auth.length ? "default" : null });
    return http.exchanges();
  } finally {
    await http.close();
    await server.close();
  }
}

describe("fingerprint", () => {
  it("FastAPI on uvicorn with CockroachDB via asyncpg", async () => {
    const fp = fingerprint(await record(fastapiApp(false), ["/openapi.json", "/customers/abc", "/customers/search?name=x'"]));
    expect(fp.framework?.name).toBe("fastapi");
    expect(fp.framework!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(fp.framework!.evidence.join(" ")).toMatch(/pydantic 422/);
    expect(fp.server).toMatchObject({ name: "uvicorn" });
    expect(fp.database?.name).toBe("cockroachdb");
    expect(fp.database!.evidence.join(" ")).toMatch(/CockroachDB syntax error/);
  });

  it("read in parts, asked between them, it answers as one pass over the whole record", async () => {
    const all = await record(fastapiApp(false), ["/openapi.json", "/customers/abc", "/customers/search?name=x'"]);
    const whole = fingerprint(all);
    const grown = new Fingerprinter();
    for (let n = 1; n <= all.length; n++) grown.update(all.slice(0, n)).result(); // each answer leaves the board as it was
    expect(grown.result()).toEqual(whole);
    expect(whole.database?.name).toBe("cockroachdb"); // the refining name, merged with the general one's evidence
    expect(grown.update(all).result()).toEqual(whole); // nothing new: nothing read twice
  });

  it("Express with MongoDB (ObjectId ids, CastError) and a session-less API", async () => {
    const fp = fingerprint(await record(expressApp(false), ["/api/users", `/api/users/${USERS[0]!._id}`, "/api/users/abc"]));
    expect(fp.framework).toMatchObject({ name: "express" });
    expect(fp.framework!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(fp.server?.name).toBe("node");
    expect(fp.database?.name).toBe("mongodb");
    expect(fp.database!.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it("hardened Express is still recognised by its 404 page and ObjectId ids, with lower confidence", async () => {
    const fp = fingerprint(await record(expressApp(true), ["/api/users"]));
    expect(fp.framework?.name).toBe("express");
    expect(fp.framework!.confidence).toBeLessThan(0.95);
    expect(fp.database).toMatchObject({ name: "mongodb", confidence: 0.6, evidence: ["_id values shaped like ObjectId (GET /api/users → 200)"] });
  });

  it("CockroachDB-shaped ids alone do not override PostgreSQL driver evidence", () => {
    const ex = (status: number, body: string): Exchange => ({
      id: 1, source: "t", operation: null, error: null, redirects: [],
      request: { method: "GET", url: "http://127.0.0.1/x", headers: {}, body: null, identity: null },
      response: { status, headers: {}, body, size: body.length, truncated: false, contentType: "application/json", timeMs: 1 },
    });
    const fp = fingerprint([ex(200, '[{"id":912345678901234567}]'), ex(500, '{"error":"org.postgresql.util.PSQLException: ERROR: relation"}')]);
    expect(fp.database?.name).toBe("postgresql");
    const crdb = fingerprint([ex(200, '[{"id":912345678901234567}]'), ex(500, '{"error":"ERROR: at or near \\"x\\": syntax error"}')]);
    expect(crdb.database?.name).toBe("cockroachdb");
    expect(crdb.database!.evidence.join(" ")).toMatch(/CockroachDB syntax error/);
  });

  it("Spring Boot with PostgreSQL (JDBC) and a JSESSIONID session", async () => {
    const fp = fingerprint(await record(springApp(false), ["/api/v2/accounts", "/api/v2/accounts/search?owner=x'"]));
    expect(fp.framework?.name).toBe("spring-boot");
    expect(fp.framework!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(fp.database?.name).toBe("postgresql");
    expect(fp.auth.map((a) => a.name)).toContain("session-cookie");
  });

  it("Django (DRF) on runserver with bearer auth and SQLite", async () => {
    const fp = fingerprint(
      await record(djangoApp(false), ["/api/patients/", "/api/appointments/?doctor=x'"], [{ kind: "bearer", name: "Authorization", value: "tok-123456" }]),
    );
    expect(fp.framework?.name).toBe("django");
    expect(fp.framework!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(fp.server).toMatchObject({ name: "wsgiref", version: "0.2" });
    expect(fp.database?.name).toBe("sqlite");
    expect(fp.auth[0]?.name).toBe("bearer");
    expect(JSON.stringify(fp)).not.toContain("tok-123456");
  });

  it("hardened Django: DRF bodies and cookies still tell, the database does not", async () => {
    const fp = fingerprint(await record(djangoApp(true), ["/api/v1/patients/"]));
    expect(fp.framework?.name).toBe("django");
    expect(fp.server?.name).toBe("gunicorn");
    expect(fp.database).toBeNull();
    expect(fp.auth.map((a) => a.name)).toContain("bearer");
  });

  it("knows nothing from nothing, and survives hostile exchanges", () => {
    expect(fingerprint([])).toEqual({ framework: null, server: null, database: null, auth: [] });
    const base: Exchange = {
      id: 1, source: "t", operation: null, error: null, redirects: [],
      request: { method: "GET", url: "http://127.0.0.1/x", headers: {}, body: null, identity: null },
      response: { status: 500, headers: { server: "\u0000\ufffd".repeat(1000) }, body: "[".repeat(200_000) + "\ufffd".repeat(1000), size: 201_000, truncated: true, contentType: "application/json", timeMs: 1 },
    };
    const fp = fingerprint([base, { ...base, response: null, error: "ECONNRESET" }]);
    expect(fp.framework).toBeNull();
  });
});
