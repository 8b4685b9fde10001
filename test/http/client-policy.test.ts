// Mode, scope, redirect and budget policy of the HTTP client, against real loopback servers.
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { BudgetExhaustedError, PolicyError } from "../../src/core/errors.js";
import type { HttpMethod, Operation } from "../../src/core/types.js";
import { createHttpClient, type RecordingHttpClient } from "../../src/http/client.js";
import { parseAuth } from "../../src/http/credentials.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { config, selfSignedCert } from "./_support.js";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

async function server(handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void, tls?: { cert: string; key: string }) {
  const seen: Seen[] = [];
  const s: RunningServer = await startServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (handler) handler(req, res);
    else json(res, 200, { ok: true });
  }, tls);
  cleanup.push(() => s.close());
  return { ...s, seen };
}

function client(...args: Parameters<typeof createHttpClient>): RecordingHttpClient {
  const c = createHttpClient(...args);
  cleanup.push(() => c.close());
  return c;
}

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

const METHODS: HttpMethod[] = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

async function allowedMethods(c: RecordingHttpClient): Promise<string[]> {
  const allowed: string[] = [];
  for (const method of METHODS) {
    try {
      await c.send({ method, url: "/things" });
      allowed.push(method);
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
    }
  }
  return allowed;
}

describe("mode policy", () => {
  it("sends only what each mode allows, and refused requests never reach the server", async () => {
    const s = await server();
    const expected = { passive: ["GET", "HEAD"], safe: ["GET", "HEAD", "OPTIONS"], active: METHODS } as const;
    for (const mode of ["passive", "safe", "active"] as const) {
      const before = s.seen.length;
      const allowed = await allowedMethods(client(config(s.url, { mode })));
      expect(allowed).toEqual(expected[mode]);
      expect(s.seen.slice(before).map((r) => r.method)).toEqual(expected[mode]);
    }
  });

  it("lets safe mode send a text or JSON AI prompt POST and nothing else by POST", async () => {
    const s = await server();
    const c = client(config(s.url));
    const ex = await c.send({ method: "POST", url: "/v1/chat", aiPrompt: true, body: JSON.stringify({ prompt: "hello" }) });
    expect(ex.response?.status).toBe(200);
    expect(ex.request.headers["content-type"]).toBe("application/json");
    expect(s.seen[0]?.method).toBe("POST");
    await expect(
      c.send({ method: "POST", url: "/upload", aiPrompt: true, body: "x", headers: { "Content-Type": "multipart/form-data; boundary=x" } }),
    ).rejects.toBeInstanceOf(PolicyError);
    await expect(c.send({ method: "POST", url: "/v1/chat", body: "hello" })).rejects.toBeInstanceOf(PolicyError);
    await expect(
      client(config(s.url, { mode: "passive" })).send({ method: "POST", url: "/v1/chat", aiPrompt: true, body: "hi" }),
    ).rejects.toBeInstanceOf(PolicyError);
    expect(s.seen).toHaveLength(1);
  });

  it("skips state-changing operations in safe mode unless the user included them", async () => {
    const s = await server();
    const safe = client(config(s.url));
    await expect(safe.send({ url: "/reset" })).rejects.toThrow(/safe mode skips GET \/reset: path segment "reset"/);
    await expect(safe.send({ url: "/users/7", operation: op("GET", "/users/{id}", { operationId: "deleteUser" }) })).rejects.toThrow(
      /operationId "deleteUser"/,
    );
    await expect(safe.send({ url: "/users/1/delete" })).rejects.toBeInstanceOf(PolicyError);
    expect(s.seen).toHaveLength(0);

    const included = client(config(s.url, { includeOperations: ["GET /reset", "GET /users/{id}/delete"] }));
    expect((await included.send({ url: "/reset" })).response?.status).toBe(200);
    const del = op("GET", "/users/{id}/delete");
    expect((await included.send({ url: "/users/1/delete", operation: del })).response?.status).toBe(200);
    expect((await client(config(s.url, { mode: "active" })).send({ url: "/reset" })).response?.status).toBe(200);
    // Listings whose names only resemble an action are not skipped.
    expect((await safe.send({ url: "/deleted-items" })).response?.status).toBe(200);
    expect(s.seen.map((r) => r.url)).toEqual(["/reset", "/users/1/delete", "/reset", "/deleted-items"]);
  });

  it("refuses concrete URLs of unsafe operations once the API's operations are known", async () => {
    const s = await server();
    const c = client(config(s.url));
    const ops = [op("GET", "/users/{id}/x", { operationId: "deleteUser" }), op("GET", "/users/{id}")];
    expect((await c.send({ url: "/api/users/5/x" })).response?.status).toBe(200); // not known yet
    c.guardOperations(ops, "/api");
    await expect(c.withSource("a.check").send({ url: "/api/users/5/x" })).rejects.toThrow(/matches GET \/users\/\{id\}\/x/);
    expect((await c.send({ url: "/api/users/5" })).response?.status).toBe(200);
    expect(s.seen.map((r) => r.url)).toEqual(["/api/users/5/x", "/api/users/5"]);
  });

  it("checks action words below the target's base path only", async () => {
    const s = await server();
    const c = client(config(`${s.url}/transfer-service`));
    const ex = await c.send({ url: "/accounts" });
    expect(ex.request.url).toBe(`${s.url}/transfer-service/accounts`);
    await expect(c.send({ url: "/accounts/1/transfer" })).rejects.toBeInstanceOf(PolicyError);
  });
});

describe("scope", () => {
  it("refuses other hosts without sending anything", async () => {
    const s = await server();
    const c = client(config(s.url, { identities: parseAuth(["bearer:scope-secret-1"]) }));
    await expect(c.send({ url: `http://localhost:${s.port}/x`, identity: "default" })).rejects.toThrow(/out of scope: host localhost/);
    await expect(c.send({ url: `ftp://127.0.0.1:${s.port}/x` })).rejects.toBeInstanceOf(PolicyError);
    expect(s.seen).toHaveLength(0);
    expect(c.stats().sent).toBe(0);
  });

  it("allows http:// of the same host but attaches credentials only to the exact target origin", async () => {
    const tls = await selfSignedCert();
    const target = await server(undefined, tls);
    const plain = await server();
    const c = client(config(target.url, { identities: parseAuth(["bearer:origin-secret-1", "cookie:sid=origin-cookie-1"]) }));
    const onTarget = await c.send({ url: "/me", identity: "default" });
    expect(onTarget.response?.status).toBe(200); // self-signed: validation is off for scanning
    expect(target.seen[0]?.headers.authorization).toBe("Bearer origin-secret-1");
    const other = await c.send({ url: `http://127.0.0.1:${plain.port}/me`, identity: "default" });
    expect(other.response?.status).toBe(200);
    expect(other.request.identity).toBeNull();
    expect(plain.seen[0]?.headers.authorization).toBeUndefined();
    expect(plain.seen[0]?.headers.cookie).toBeUndefined();
  });
});

describe("redirects", () => {
  it("follows same-origin hops with credentials and records them", async () => {
    const s = await server((req, res) => {
      if (req.url === "/a") res.writeHead(302, { location: "/b" }).end();
      else if (req.url === "/b") res.writeHead(307, { location: `http://127.0.0.1:${s.port}/c` }).end();
      else json(res, 200, { at: req.url });
    });
    const c = client(config(s.url, { identities: parseAuth(["bearer:redirect-secret-1"]) }));
    const ex = await c.send({ url: "/a", identity: "default" });
    expect(ex.response?.status).toBe(200);
    expect(ex.response?.body).toBe('{"at":"/c"}');
    expect(ex.redirects).toEqual([`${s.url}/b`, `${s.url}/c`]);
    expect(s.seen.map((r) => r.headers.authorization)).toEqual(Array(3).fill("Bearer redirect-secret-1"));
    expect(c.stats().sent).toBe(3);
    const no = await c.send({ url: "/a", followRedirects: false });
    expect(no.response?.status).toBe(302);
    expect(no.redirects).toEqual([]);
  });

  it("does not follow a redirect to another origin, so credentials never reach it", async () => {
    const other = await server();
    const s = await server((req, res) => {
      if (req.url === "/to-port") res.writeHead(302, { location: `http://127.0.0.1:${other.port}/steal` }).end();
      else if (req.url === "/to-host") res.writeHead(301, { location: `http://localhost:${other.port}/steal` }).end();
      else res.writeHead(301, { location: `https://127.0.0.1:${s.port}/secure` }).end();
    });
    const c = client(config(s.url, { identities: parseAuth(["bearer:redirect-secret-2"]) }));
    for (const path of ["/to-port", "/to-host", "/upgrade"]) {
      const ex = await c.send({ url: path, identity: "default" });
      expect(ex.response?.status).toBeGreaterThanOrEqual(301);
      expect(ex.response?.headers.location).toBeTruthy();
      expect(ex.redirects).toEqual([]);
      expect(ex.error).toBeNull();
    }
    expect(other.seen).toHaveLength(0);
    expect(s.seen).toHaveLength(3);
  });

  it("stops a redirect loop and a chain longer than five hops", async () => {
    const s = await server((req, res) => {
      if (req.url === "/loop-a") res.writeHead(302, { location: "/loop-b" }).end();
      else if (req.url === "/loop-b") res.writeHead(302, { location: "/loop-a" }).end();
      else {
        const n = Number((req.url ?? "").split("/").pop());
        res.writeHead(302, { location: `/chain/${n + 1}` }).end();
      }
    });
    const c = client(config(s.url));
    const loop = await c.send({ url: "/loop-a" });
    expect(loop.error).toMatch(/^redirect loop at .*\/loop-a$/);
    expect(loop.response?.status).toBe(302);
    expect(s.seen).toHaveLength(2);
    const chain = await c.send({ url: "/chain/0" });
    expect(chain.error).toBe("too many redirects (more than 5)");
    expect(chain.redirects).toHaveLength(5);
    expect(s.seen).toHaveLength(2 + 6);
  });

  it("continues a POST as GET after 303 and keeps method and body after 307", async () => {
    const bodies: string[] = [];
    const s = await server((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += String(c)));
      req.on("end", () => {
        bodies.push(`${req.method} ${req.url} ${body}`);
        if (req.url === "/see-other") res.writeHead(303, { location: "/done" }).end();
        else if (req.url === "/temporary") res.writeHead(307, { location: "/done" }).end();
        else json(res, 200, {});
      });
    });
    const c = client(config(s.url, { mode: "active" }));
    await c.send({ method: "POST", url: "/see-other", body: '{"a":1}' });
    await c.send({ method: "POST", url: "/temporary", body: '{"a":2}' });
    expect(bodies).toEqual(['POST /see-other {"a":1}', "GET /done ", 'POST /temporary {"a":2}', 'POST /done {"a":2}']);
    expect(s.seen[1]?.headers["content-type"]).toBeUndefined();
    expect(s.seen[3]?.headers["content-type"]).toBe("application/json");
  });

  it("does not follow a hop the mode forbids", async () => {
    const s = await server((req, res) => {
      if (req.url === "/start") res.writeHead(302, { location: "/logout" }).end();
      else json(res, 200, {});
    });
    const ex = await client(config(s.url)).send({ url: "/start" });
    expect(ex.response?.status).toBe(302);
    expect(s.seen.map((r) => r.url)).toEqual(["/start"]);
  });
});

describe("budget", () => {
  it("charges every request and hop, then refuses with BudgetExhaustedError and says so", async () => {
    const s = await server((req, res) => {
      if (req.url === "/hop") res.writeHead(302, { location: "/end" }).end();
      else json(res, 200, {});
    });
    const c = client(config(s.url, { budget: 4 }));
    await c.send({ url: "/one" });
    const hop = await c.send({ url: "/hop" });
    expect(hop.response?.status).toBe(200);
    expect(c.remaining()).toBe(1);
    const view = c.withSource("some.check");
    const last = await view.send({ url: "/hop" }); // the redirect would exceed the budget: the 302 comes back
    expect(last.response?.status).toBe(302);
    expect(view.remaining()).toBe(0);
    await expect(view.send({ url: "/two" })).rejects.toBeInstanceOf(BudgetExhaustedError);
    await expect(c.send({ url: "/three" })).rejects.toBeInstanceOf(BudgetExhaustedError);
    const stats = c.stats();
    expect(stats.sent).toBe(4);
    expect(stats.byMethod).toEqual({ GET: 4 });
    expect(stats.incomplete).toBe("request budget of 4 exhausted; 3 request(s) were not sent");
    expect(s.seen).toHaveLength(4);
    expect(c.exchanges().map((e) => e.source)).toEqual(["engine", "engine", "some.check"]);
  });
});

describe("recording basics", () => {
  it("sends the Rampart User-Agent on every request, whatever a check sets", async () => {
    const s = await server();
    const c = client(config(s.url, { userAgent: "rampart/1.2.3" }));
    await c.send({ url: "/a" });
    await c.send({ url: "/b", headers: { "User-Agent": "Mozilla/5.0" } });
    await c.send({ method: "HEAD", url: "/c" });
    expect(s.seen.map((r) => r.headers["user-agent"])).toEqual(["rampart/1.2.3", "rampart/1.2.3", "rampart/1.2.3"]);
    expect(c.exchanges()[1]?.request.headers["user-agent"]).toBe("rampart/1.2.3");
  });

  it("lower-cases headers, joins repeated ones with newlines and notifies onExchange", async () => {
    const s = await server((_req, res) => {
      res.setHeader("Set-Cookie", ["a=1; Path=/", "b=2; HttpOnly"]);
      res.setHeader("X-Thing", "yes");
      res.end("hi");
    });
    const seen: number[] = [];
    const c = client(config(s.url, { onExchange: (ex) => seen.push(ex.id) }));
    const ex = await c.send({ url: "/", query: { q: "a b" } });
    expect(ex.request.url).toBe(`${s.url}/?q=a+b`);
    expect(ex.response?.headers["set-cookie"]).toBe("a=1; Path=/\nb=2; HttpOnly");
    expect(ex.response?.headers["x-thing"]).toBe("yes");
    expect(ex.response?.body).toBe("hi");
    expect(ex.response?.size).toBe(2);
    expect(ex.response?.truncated).toBe(false);
    expect(seen).toEqual([ex.id]);
  });
});
