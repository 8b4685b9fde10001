// HTTPS hygiene checks against real local servers: each fires on the weak setup and stays silent on the hardened twin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { createDemoCertificates, type DemoCertificates } from "../../../src/demo/certs.js";
import { scan } from "../../../src/engine/scan.js";
import { json, startServer, type Handler, type RunningServer } from "../../helpers/fixture-server.js";

let certs: DemoCertificates;
const servers: RunningServer[] = [];

beforeAll(async () => {
  certs = await createDemoCertificates();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(handler: Handler, tls = false): Promise<RunningServer> {
  const s = await startServer(handler, tls ? { cert: certs.certPem, key: certs.keyPem } : undefined);
  servers.push(s);
  return s;
}

function spec(extraServers: string[] = [], secured = true) {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    servers: [{ url: "/" }, ...extraServers.map((url) => ({ url }))],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: secured ? [{ bearer: [] }] : [],
    paths: { "/items": { get: { responses: { "200": { description: "ok" } } } } },
  };
}

async function run(url: string, checks: string[], extra: { auth?: string[] } = {}): Promise<ScanReport> {
  return scan({ target: url, checks, ca: certs.caPem, env: { TOKEN: "t0ken-value-123" }, ...extra });
}

const ids = (r: ScanReport) => r.findings.map((f) => f.checkId).sort();

describe("HTTPS hygiene on a plaintext API", () => {
  it("reports https-unavailable, insecure session cookies and credentials over plaintext", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/openapi.json") return json(res, 200, spec());
      json(res, 200, [{ id: 1 }], { "set-cookie": "session=abc123; Path=/" });
    });
    const r = await run(s.url, ["encryption."], { auth: ["bearer:env:TOKEN"] });
    expect(ids(r)).toEqual(
      expect.arrayContaining(["encryption.cookie-insecure", "encryption.credentials-over-plaintext", "encryption.https-unavailable"]),
    );
    const cookie = r.findings.find((f) => f.checkId === "encryption.cookie-insecure");
    expect(cookie?.evidence[0]?.excerpt).toContain("session=<redacted>");
    expect(JSON.stringify(r)).not.toContain("t0ken-value-123");
    expect(JSON.stringify(r)).not.toContain("abc123");
    // HSTS and redirect checks do not apply to a plaintext target
    expect(ids(r)).not.toContain("encryption.hsts-missing");
    expect(ids(r)).not.toContain("encryption.http-not-redirected");
  });
});

describe("HTTPS hygiene on an HTTPS API", () => {
  it("reports missing HSTS, a plaintext twin serving content, and mixed content", async () => {
    const plain = await serve((_req, res) => json(res, 200, { hello: "plaintext" }));
    const s = await serve((req, res) => {
      if (req.url === "/openapi.json") return json(res, 200, spec([`http://127.0.0.1:${plain.port}`]));
      json(res, 200, { items: [], next: `http://127.0.0.1:${plain.port}/items?page=2` }, { "set-cookie": "prefs=dark; Path=/" });
    }, true);
    const r = await run(s.url, ["encryption.hsts", "encryption.http-", "encryption.mixed-content", "encryption.cookie-insecure"]);
    expect(ids(r)).toEqual(
      expect.arrayContaining(["encryption.hsts-missing", "encryption.http-not-redirected", "encryption.mixed-content", "encryption.cookie-insecure"]),
    );
    expect(r.findings.filter((f) => f.checkId === "encryption.hsts-missing")).toHaveLength(1); // one root cause
  });

  it("reports weak HSTS and a redirect to plaintext", async () => {
    const plain = await serve((_req, res) => {
      res.writeHead(301, { location: "http://127.0.0.1/elsewhere" });
      res.end();
    });
    const s = await serve((req, res) => {
      const h = { "strict-transport-security": "max-age=300" };
      if (req.url === "/openapi.json") return json(res, 200, spec([`http://127.0.0.1:${plain.port}`]), h);
      json(res, 200, { ok: true }, h);
    }, true);
    const r = await run(s.url, ["encryption.hsts", "encryption.http-"]);
    expect(ids(r)).toEqual(["encryption.hsts-weak", "encryption.http-redirect-insecure"]);
    expect(r.findings.find((f) => f.checkId === "encryption.hsts-weak")?.evidence[0]?.note).toContain("max-age 300");
  });

  it("stays silent when plaintext redirects to the same path on HTTPS", async () => {
    let httpsPort = 0;
    const plain = await serve((req, res) => {
      res.writeHead(308, { location: `https://127.0.0.1:${httpsPort}${req.url ?? "/"}` });
      res.end();
    });
    const s = await serve((req, res) => {
      if (req.url === "/openapi.json") return json(res, 200, spec([`http://127.0.0.1:${plain.port}`]));
      json(res, 200, { ok: true });
    }, true);
    httpsPort = s.port;
    const r = await run(s.url, ["encryption.http-"]);
    expect(ids(r)).toEqual([]);
  });

  it("stays silent on the hardened twin", async () => {
    let httpsPort = 0;
    const s = await serve((req, res) => {
      const h = { "strict-transport-security": "max-age=63072000; includeSubDomains; preload" };
      if (req.url === "/openapi.json") return json(res, 200, spec(), h);
      json(res, 200, { items: [], next: `https://127.0.0.1:${httpsPort}/items?page=2` }, { ...h, "set-cookie": "session=x1; Path=/; Secure; HttpOnly; SameSite=Lax" });
    }, true);
    httpsPort = s.port;
    const r = await run(s.url, ["encryption.hsts", "encryption.mixed-content", "encryption.cookie-insecure", "encryption.credentials"], {
      auth: ["bearer:env:TOKEN"],
    });
    expect(ids(r)).toEqual([]);
  });
});
