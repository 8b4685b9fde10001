// The encryption.tls-* protocol rules applied to a probed database's TLS (after SSLRequest): a real
// PostgreSQL capped at TLS 1.2 draws tls13-unsupported; one that speaks TLS 1.3 with forward-secret suites stays silent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { selfSignedCert, startPostgres, type PgInstance } from "../helpers/postgres.js";

const HOSTSSL_ONLY = "hostnossl all all 127.0.0.1/32 reject\nhostssl all all 127.0.0.1/32 scram-sha-256\n";
const cert = selfSignedCert();
let capped: PgInstance;
let modern: PgInstance;
let api: RunningServer;

beforeAll(async () => {
  [capped, modern, api] = await Promise.all([
    startPostgres({ tls: cert, hba: HOSTSSL_ONLY, conf: ["ssl_min_protocol_version = 'TLSv1.2'", "ssl_max_protocol_version = 'TLSv1.2'", "ssl_ciphers = 'ECDHE+AESGCM'"] }),
    startPostgres({ tls: cert, hba: HOSTSSL_ONLY, conf: ["ssl_min_protocol_version = 'TLSv1.2'", "ssl_ciphers = 'ECDHE+AESGCM:ECDHE+CHACHA20'"] }),
    startServer((_req, res) => json(res, 200, { ok: true })),
  ]);
});
afterAll(async () => {
  await Promise.all([capped?.stop(), modern?.stop(), api?.close()]);
});

async function tlsFindings(pg: PgInstance) {
  const r = await scan({ target: api.url, db: [`127.0.0.1:${pg.port}`], checks: ["encryption.tls"], timeoutMs: 5000 });
  return r.findings;
}

describe("database TLS protocols in a scan", () => {
  it("reports a database without TLS 1.3", async () => {
    const findings = await tlsFindings(capped);
    const f = findings.find((x) => x.checkId === "encryption.tls13-unsupported");
    expect(f?.title).toContain(`on the database 127.0.0.1:${capped.port}`);
    expect(f?.reproduce).toContain("-starttls postgres");
  });

  it("stays silent on a database with TLS 1.3 and forward-secret AEAD suites", async () => {
    expect((await tlsFindings(modern)).map((f) => f.checkId)).toEqual([]);
  });
});
