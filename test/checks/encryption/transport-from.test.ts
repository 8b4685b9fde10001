// --transport-from: a local plaintext target whose TLS is really served elsewhere is graded there (a
// local TLS listener with a certificate generated at test time stands in for the deployment), or its
// transport checks are marked not applicable with the reason when TLS ends upstream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { parseConfig } from "../../../src/config/config-file.js";
import { mergeConfig, type ConfigurableFlags } from "../../../src/config/scan-settings.js";
import { createDemoCertificates, type DemoCertificates } from "../../../src/demo/certs.js";
import { scan } from "../../../src/engine/scan.js";
import { renderers } from "../../../src/report/renderers/index.js";
import { runCli } from "../../helpers/cli.js";
import { json, startServer, type Handler, type RunningServer } from "../../helpers/fixture-server.js";

const HSTS = "max-age=31536000; includeSubDomains";
let certs: DemoCertificates;
let api: RunningServer;
const servers: RunningServer[] = [];

const spec = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: { "/items": { get: { responses: { "200": { description: "ok" } } } } } };
const handler: Handler = (req, res) => (req.url === "/openapi.json" ? json(res, 200, spec) : json(res, 200, [{ id: 1 }]));

beforeAll(async () => {
  certs = await createDemoCertificates();
  api = await startServer(handler);
  servers.push(api);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The "deployment": the same API over TLS, with or without HSTS. */
async function edge(hsts: boolean): Promise<RunningServer> {
  const s = await startServer(
    (req, res) => json(res, 200, [{ id: 1 }], hsts ? { "strict-transport-security": HSTS } : {}),
    { cert: certs.certPem, key: certs.keyPem },
  );
  servers.push(s);
  return s;
}

const checks = ["encryption.https-unavailable", "encryption.hsts-", "encryption.credentials-over-plaintext"];
const run = (transportFrom?: string, more: string[] = []): Promise<ScanReport> =>
  scan({ target: api.url, checks: [...checks, ...more], ca: certs.caPem, ...(transportFrom ? { transportFrom } : {}) });
const ids = (r: ScanReport) => r.findings.map((f) => f.checkId).sort();

describe("--transport-from", () => {
  it("without it, a loopback plaintext target is graded as having no HTTPS", async () => {
    expect(ids(await run())).toContain("encryption.https-unavailable");
  });

  it("audits TLS and HSTS at the declared origin instead: hardened deployment, no transport finding", async () => {
    const good = await edge(true);
    const r = await run(good.url, ["encryption.tls-legacy-protocol", "encryption.cert-untrusted"]);
    expect(ids(r)).toEqual([]);
    expect(r.skipped.checks.find((c) => c.checkId === "encryption.https-unavailable")?.reason).toContain(`TLS is served at ${good.url}`);
    expect(JSON.stringify(r.extras["tls"])).toContain(String(good.port));
    expect(r.options["transportFrom"]).toBe(good.url);
  });

  it("the same deployment without HSTS is reported at its origin", async () => {
    const bare = await edge(false);
    const r = await run(bare.url);
    const f = r.findings.find((x) => x.checkId === "encryption.hsts-missing");
    expect(f?.reproduce).toContain(`${bare.url}/`);
    expect(ids(r)).not.toContain("encryption.https-unavailable");
  });

  it("terminated-upstream marks the transport checks not applicable, with the reason, in every view", async () => {
    const r = await run("terminated-upstream");
    expect(ids(r)).toEqual([]);
    for (const id of ["encryption.https-unavailable", "encryption.hsts-missing", "encryption.credentials-over-plaintext"]) {
      expect(r.skipped.checks.find((c) => c.checkId === id)?.reason, id).toMatch(/terminated upstream/);
    }
    expect(renderers.summary(r, { color: false })).toMatch(/transport terminated upstream/i);
    expect(renderers.markdown(r, { color: false })).toMatch(/terminated upstream/i);
  });

  it("a value that is neither https:// nor terminated-upstream is a one-line usage error", async () => {
    const r = await runCli(["scan", api.url, "--transport-from", "http://api.example.com", "--no-store"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--transport-from must be the https:\/\/ URL/);
  });

  it(".rampart.yml: transportFrom or transport: terminated-upstream (not both)", () => {
    expect(mergeConfig({} as ConfigurableFlags, parseConfig("transport: terminated-upstream\n", "c.yml"), "/").transportFrom).toBe("terminated-upstream");
    expect(mergeConfig({} as ConfigurableFlags, parseConfig("transportFrom: https://api.example.com\n", "c.yml"), "/").transportFrom).toBe("https://api.example.com");
    expect(() => parseConfig("transport: terminated-upstream\ntransportFrom: https://api.example.com\n", "c.yml")).toThrow(/not both/);
    expect(() => parseConfig("transportFrom: http://api.example.com\n", "c.yml")).toThrow(/https/);
  });
});
