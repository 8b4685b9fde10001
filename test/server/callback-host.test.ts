// The callback host of scans the server runs is the server's own setting (`rampart serve --callback-host`),
// never a field of the scan request: an active scan submitted through POST /api/scans opens its listener
// where the server says, and a request naming an address of its own is refused.
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { authAbuseApp, authAbuseSpec, issue } from "../apps/auth-abuse-app.js";
import { runCli } from "../helpers/cli.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { closedPort } from "../helpers/net.js";
import { startApi, waitForScan } from "./_server.js";

const checks = ["authentication.jwt-header-key-injection"];

describe("callback host of server scans", () => {
  it("is the server's --callback-host for a submitted active scan; a request cannot name one", async () => {
    const app = authAbuseApp({ jku: "any" });
    const target = await startServer((req, res) => (req.url === "/openapi.json" ? json(res, 200, authAbuseSpec) : app.handler(req, res)));
    const port = await closedPort();
    const api = await startApi({ callbackHost: `127.0.0.1:${port}`, identities: async () => [`@alice=bearer:${issue("alice")}`] });
    try {
      const refused = await api.call("POST", "/api/scans", { body: { url: target.url, mode: "active", callbackHost: "203.0.113.9:80" } });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain("callbackHost");

      const submitted = await api.call("POST", "/api/scans", { body: { url: target.url, spec: `${target.url}/openapi.json`, mode: "active", checks, identities: ["alice"] } });
      expect(submitted.status, submitted.text).toBe(202);
      const done = await waitForScan(api, submitted.body.id, 120_000);
      expect(done.status, JSON.stringify(done.error)).toBe("completed");
      const report = done.report as ScanReport;
      expect(report.options["callbackHost"]).toBe(`127.0.0.1:${port}`);
      // The key set the API fetched was served on the server's callback address.
      expect(app.jku.fetched).toEqual([expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${port}/rampart-[\\w-]+/alice/jwks\\.json$`))]);
      expect(report.findings.map((f) => f.checkId)).toEqual(checks);
    } finally {
      await api.close();
      await target.close();
    }
  }, 180_000);

  it("runs a scan with the runner's own callback host, whatever the submitted options carried", async () => {
    const target = await startServer((_req, res) => json(res, 200, { ok: true }));
    for (const [callbackHost, expected] of [[undefined, null], ["127.0.0.1:4999", "127.0.0.1:4999"]] as const) {
      const api = await startApi(callbackHost ? { callbackHost } : {});
      try {
        // As a job sealed by another process might: the runner replaces it with its own setting.
        const id = await api.app.rampart.runner.submit({ target: target.url, spec: null, budget: 20, callbackHost: "203.0.113.9:80" });
        const done = await waitForScan(api, id);
        expect(done.status, JSON.stringify(done.error)).toBe("completed");
        expect((done.report as ScanReport).options["callbackHost"]).toBe(expected);
      } finally {
        await api.close();
      }
    }
    await target.close();
  }, 120_000);

  it("rampart serve and rampart worker refuse a malformed --callback-host in one line before starting", async () => {
    for (const command of ["serve", "worker"]) {
      const r = await runCli([command, "--callback-host", "http://10.0.0.5/x"], { env: { RAMPART_STORE: "" } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toBe("rampart: --callback-host must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got 'http://10.0.0.5/x')");
      expect(r.stdout).toBe("");
    }
  }, 60_000);
});
