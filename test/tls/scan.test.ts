// End to end through scan(): an HTTPS API on a weak TLS listener gets the TLS findings and a TLS grade
// in report.extras.tls; its hardened twin gets none of them and an A.
import type https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { scan } from "../../src/engine/scan.js";
import type { TlsReportExtra } from "../../src/tls/report-extra.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { chain, issue } from "./helpers/pki.js";

const servers: RunningServer[] = [];
let pki: Awaited<ReturnType<typeof chain>>;

beforeAll(async () => {
  pki = await chain({ cn: "localhost", dns: ["localhost"], ip: ["127.0.0.1"], key: { kind: "rsa", bits: 2048 } });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const SPEC = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  servers: [{ url: "/" }],
  paths: { "/items": { get: { responses: { "200": { description: "ok" } } } } },
};

async function api(tls: https.ServerOptions): Promise<RunningServer> {
  const s = await startServer((req, res) => json(res, 200, req.url === "/openapi.json" ? SPEC : [{ id: 1 }]), tls);
  servers.push(s);
  return s;
}

const tlsIds = (r: ScanReport) => [...new Set(r.findings.map((f) => f.checkId).filter((id) => /^encryption\.(tls|cert)/.test(id)))].sort();

describe("TLS checks in a scan", () => {
  it("a weak HTTPS API: legacy protocols, weak suites, no TLS 1.3, an expired certificate", async () => {
    const expired = await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: pki.intermediate, key: { kind: "rsa", bits: 2048 }, fromDays: -90, toDays: -1 });
    const s = await api({
      key: expired.keyPem, cert: expired.certPem + pki.intermediate.certPem,
      minVersion: "TLSv1", maxVersion: "TLSv1.2", ciphers: "ALL:eNULL:@SECLEVEL=0",
    });
    const r = await scan({ target: s.url, checks: ["encryption.tls", "encryption.cert"], ca: pki.root.certPem });
    expect(tlsIds(r)).toEqual([
      "encryption.cert-expired", "encryption.tls-beast", "encryption.tls-legacy-protocol", "encryption.tls-lucky13", "encryption.tls-no-forward-secrecy",
      "encryption.tls-weak-cipher", "encryption.tls13-unsupported",
    ]);
    // Named tests whose cause another check already scores are info: they add no deduction.
    expect(r.findings.filter((f) => f.checkId === "encryption.tls-beast").map((f) => f.severity)).toEqual(["info"]);
    const legacy = r.findings.filter((f) => f.checkId === "encryption.tls-legacy-protocol");
    expect(legacy.map((f) => f.severity).sort()).toEqual(["high", "high"]);
    expect(legacy[0]?.reproduce).toMatch(/^openssl s_client -connect 127\.0\.0\.1:\d+ -tls1(_1)? <\/dev\/null$/);
    expect(r.findings.find((f) => f.checkId === "encryption.cert-expired")?.severity).toBe("critical");
    const extra = r.extras["tls"] as TlsReportExtra;
    expect(extra).toMatchObject({ grade: "T", protocols: ["TLSv1.0", "TLSv1.1", "TLSv1.2"], error: null });
    expect(extra.gradeIgnoringTrust).toBe("F");
  });

  it("the hardened twin: no TLS or certificate finding, grade A", async () => {
    const s = await api({
      key: pki.leaf.keyPem, cert: pki.leaf.certPem + pki.intermediate.certPem, minVersion: "TLSv1.2",
      ciphers: "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
    });
    const r = await scan({ target: s.url, checks: ["encryption.tls", "encryption.cert"], ca: pki.root.certPem });
    expect(tlsIds(r)).toEqual([]);
    expect(r.errors.filter((e) => e.checkId?.startsWith("encryption."))).toEqual([]);
    expect(r.extras["tls"]).toMatchObject({ grade: "A", protocols: ["TLSv1.2", "TLSv1.3"] });
  });
});
