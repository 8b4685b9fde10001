import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../../src/engine/scan.js";
import { json, startServer, type RunningServer } from "../../helpers/fixture-server.js";
import { cockroachLike, startRawServer, type FakeServer } from "../../helpers/pg-fake.js";
import { selfSignedCert } from "../../helpers/postgres.js";

const ID = "encryption.cockroach-insecure-mode";
const servers: (RunningServer | FakeServer)[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const COCKROACH_VARS = [
  "# HELP sql_conns Number of open SQL connections",
  "# TYPE sql_conns gauge",
  'sql_conns{node_id="1"} 3',
  "# HELP sys_uptime Process uptime",
  'sys_uptime{node_id="1"} 1234',
  'ranges{node_id="1"} 57',
  "",
].join("\n");
// A generic Prometheus page (no CockroachDB metric family) must not be mistaken for one.
const GENERIC_VARS = ["# HELP http_requests_total Requests", 'http_requests_total{code="200"} 10', 'process_uptime_seconds 5', ""].join("\n");

/** A fake CockroachDB HTTP status server as the scan target; `secure` = status endpoints need a session. */
async function cockroachHttp(secure: boolean): Promise<string> {
  const s = await startServer((req, res) => {
    if (secure && (req.url?.startsWith("/_") || req.url?.startsWith("/health"))) {
      // Secure-mode clusters still serve a bare health `{}`; without the metrics page that proves nothing.
      if (req.url === "/health?ready=1") return json(res, 200, {});
      if (req.url === "/_status/vars") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        res.end(GENERIC_VARS);
        return;
      }
      return json(res, 401, { error: "a valid authentication cookie is required", code: 16 });
    }
    if (req.url === "/_status/vars") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(COCKROACH_VARS);
      return;
    }
    if (req.url === "/_admin/v1/health") return json(res, 200, { nodeId: 1, address: { networkField: "tcp", addressField: "127.0.0.1:26257" }, buildInfo: { tag: "v23.2.4" } });
    if (req.url === "/health?ready=1") return json(res, 200, {});
    return json(res, 404, { error: "not found" });
  });
  servers.push(s);
  return s.url;
}

describe(ID, () => {
  it("fires when the status endpoints answer without credentials, judged by their content", async () => {
    const url = await cockroachHttp(false);
    const r = await scan({ target: url, checks: [ID], timeoutMs: 3000 });
    const f = r.findings.find((x) => x.checkId === ID && x.title.includes(url));
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    const excerpts = f?.evidence.map((e) => e.excerpt).join(" ") ?? "";
    expect(excerpts).toContain("sql_conns");
    expect(excerpts).toContain("/_admin/v1/health");
    expect(excerpts).toContain("/health?ready=1");
    expect(f?.reproduce).toMatch(/^curl /);
    // nothing listens on the default console port here: that probe fails quietly
    expect(r.errors.filter((e) => e.checkId === ID)).toEqual([]);
  });

  it("fires when a named CockroachDB SQL port accepted a plaintext session without a password", async () => {
    const db = await startRawServer(cockroachLike("insecure"));
    servers.push(db);
    const url = await cockroachHttp(true);
    const r = await scan({ target: url, db: [`127.0.0.1:${db.port}`], checks: [ID], timeoutMs: 3000 });
    const f = r.findings.find((x) => x.checkId === ID);
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(f?.title).toContain(`127.0.0.1:${db.port}`);
    expect(f?.reproduce).toContain("--insecure");
    expect(r.findings).toHaveLength(1); // the secured HTTP side adds nothing
  });

  it("stays silent on a secured node: 401 on the console, generic metrics, TLS-only SQL", async () => {
    const db = await startRawServer(cockroachLike("secure", selfSignedCert()));
    servers.push(db);
    const r = await scan({ target: await cockroachHttp(true), db: [`127.0.0.1:${db.port}`], checks: [ID], timeoutMs: 3000 });
    expect(r.findings).toEqual([]);
  });
});
