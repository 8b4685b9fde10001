// Certificate analysis through real TLS listeners with certificates generated at test time: each
// defect shows up in the analysis and as its finding; the good chain (test CA given as caPem) is clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTls } from "../../src/tls/audit.js";
import { analyzeCertificateChain } from "../../src/tls/certificate.js";
import { certificateFindings } from "../../src/tls/findings.js";
import type { TlsAudit } from "../../src/tls/types.js";
import { chain, issue, type Issued } from "./helpers/pki.js";
import { startTls, type Listener } from "./helpers/servers.js";

const listeners: Listener[] = [];
let pki: Awaited<ReturnType<typeof chain>>;

beforeAll(async () => {
  pki = await chain();
});
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
});

/** Serves `leaf` (plus `extra` chain certificates) and audits it as 127.0.0.1 or `servername`. */
async function auditCert(leaf: Issued, extra: Issued[] = [pki.intermediate], o: { servername?: string; ca?: string | null } = {}): Promise<TlsAudit> {
  const l = await startTls({
    key: leaf.keyPem,
    cert: [leaf, ...extra].map((c) => c.certPem).join(""),
    minVersion: "TLSv1.2",
    ciphers: "DEFAULT:@SECLEVEL=0",
  });
  listeners.push(l);
  return auditTls("127.0.0.1", l.port, {
    timeoutMs: 5000,
    caPem: o.ca === undefined ? pki.root.certPem : o.ca,
    ...(o.servername ? { servername: o.servername } : {}),
  });
}

const ids = (a: TlsAudit) => certificateFindings(a.certificate, { host: "127.0.0.1", port: 443 }).map((f) => f.checkId).sort();

describe("certificate analysis", () => {
  it("a good chain anchored in the --ca root is trusted, matches 127.0.0.1 and yields no finding", async () => {
    const a = await auditCert(pki.leaf);
    const c = a.certificate;
    expect(c?.trust).toMatchObject({ status: "trusted", trusted: true, anchor: "CN=Rampart Test Root" });
    expect(c?.chain.map((x) => [x.commonName, x.source])).toEqual([
      ["localhost", "server"], ["Rampart Test Intermediate", "server"], ["Rampart Test Root", "trust-store"],
    ]);
    expect(c?.hostname).toEqual({ name: "127.0.0.1", matches: true });
    expect(c?.subjectAltNames).toEqual({ dns: ["localhost"], ip: ["127.0.0.1"] });
    expect(c?.leaf.key).toEqual({ type: "ec", bits: 256, curve: "prime256v1" });
    expect(c?.leaf.signatureAlgorithm).toBe("ecdsa-with-SHA256");
    expect(c?.validity.daysLeft).toBeGreaterThanOrEqual(89);
    expect(ids(a)).toEqual([]);
  });

  it("the same server without --ca is not trusted (its root is not in the system store)", async () => {
    const a = await auditCert(pki.leaf, [pki.intermediate], { ca: null });
    expect(a.certificate?.trust.status).toBe("untrusted-root");
    expect(ids(a)).toEqual(["encryption.cert-untrusted"]);
  });

  it("expired", async () => {
    const a = await auditCert(await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: pki.intermediate, fromDays: -400, toDays: -3 }));
    expect(a.certificate?.validity).toMatchObject({ expired: true, daysLeft: -3 });
    expect(ids(a)).toEqual(["encryption.cert-expired"]);
  });

  it("not yet valid", async () => {
    const a = await auditCert(await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: pki.intermediate, fromDays: 5, toDays: 100 }));
    expect(a.certificate?.validity.notYetValid).toBe(true);
    expect(ids(a)).toEqual(["encryption.cert-not-yet-valid"]);
  });

  it("expiring within 7 days is high, within 30 days medium", async () => {
    const soon = await auditCert(await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: pki.intermediate, toDays: 3.5 }));
    const later = await auditCert(await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: pki.intermediate, toDays: 20.5 }));
    const sev = (a: TlsAudit) => certificateFindings(a.certificate, { host: "127.0.0.1", port: 1 }).map((f) => [f.checkId, f.severity]);
    expect(sev(soon)).toEqual([["encryption.cert-expiring-soon", "high"]]);
    expect(sev(later)).toEqual([["encryption.cert-expiring-soon", "medium"]]);
  });

  it("self-signed", async () => {
    const a = await auditCert(await issue({ cn: "localhost", ip: ["127.0.0.1"] }), []);
    expect(a.certificate?.trust.status).toBe("self-signed");
    expect(ids(a)).toEqual(["encryption.cert-untrusted"]);
  });

  it("wrong host: SAN for another name, checked by DNS name and by IP", async () => {
    const leaf = await issue({ cn: "api.example.test", dns: ["api.example.test"], issuer: pki.intermediate });
    const byIp = await auditCert(leaf);
    expect(byIp.certificate?.hostname).toEqual({ name: "127.0.0.1", matches: false });
    expect(ids(byIp)).toEqual(["encryption.cert-hostname-mismatch"]);
    const byName = await auditCert(leaf, [pki.intermediate], { servername: "api.example.test" });
    expect(byName.certificate?.hostname.matches).toBe(true);
    expect(ids(byName)).toEqual([]);
  });

  it("1024-bit RSA key", async () => {
    const a = await auditCert(await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: pki.intermediate, key: { kind: "rsa", bits: 1024 } }));
    expect(a.certificate?.leaf.key).toEqual({ type: "rsa", bits: 1024, curve: null });
    expect(ids(a)).toEqual(["encryption.cert-weak-key"]);
  });

  it("SHA-1 signature on the leaf", async () => {
    const rsaRoot = await issue({ cn: "SHA1 Test Root", ca: true, key: { kind: "rsa", bits: 2048 } });
    const leaf = await issue({ cn: "localhost", ip: ["127.0.0.1"], issuer: rsaRoot, hash: "SHA-1", key: { kind: "rsa", bits: 2048 } });
    const a = await auditCert(leaf, [], { ca: rsaRoot.certPem });
    expect(a.certificate?.leaf.signatureAlgorithm).toBe("sha1WithRSAEncryption");
    expect(a.certificate?.trust.trusted).toBe(true);
    expect(ids(a)).toEqual(["encryption.cert-weak-signature"]);
  });

  it("missing intermediate: the server sends the leaf alone", async () => {
    const a = await auditCert(pki.leaf, []);
    expect(a.certificate?.trust.status).toBe("incomplete");
    expect(a.certificate?.missingIssuers).toEqual(["CN=Rampart Test Intermediate"]);
    expect(ids(a)).toEqual(["encryption.cert-incomplete-chain"]);
  });

  it("missing intermediate that the trust store happens to hold is still an incomplete chain", async () => {
    const a = await auditCert(pki.leaf, [], { ca: pki.root.certPem + pki.intermediate.certPem });
    expect(a.certificate?.trust.trusted).toBe(true);
    expect(a.certificate?.incompleteChain).toBe(true);
  });
});

describe("analyzeCertificateChain (for callers with their own handshake)", () => {
  it("accepts PEM chains and rejects text that is not a certificate", () => {
    const c = analyzeCertificateChain([pki.leaf.certPem, pki.intermediate.certPem], { hostname: "localhost", caPem: pki.root.certPem });
    expect(c.trust.trusted).toBe(true);
    expect(() => analyzeCertificateChain(["-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"], { hostname: "x" })).toThrow(/does not parse/);
  });

  it("reports database certificate defects under the db-cert prefix", () => {
    const c = analyzeCertificateChain([pki.leaf.certPem], { hostname: "db.internal" });
    const found = certificateFindings(c, { idPrefix: "encryption.db-cert-", host: "db.internal", port: 5432, opensslConnect: "openssl s_client -starttls postgres -connect db.internal:5432" });
    expect(found.map((f) => f.checkId).sort()).toEqual(["encryption.db-cert-hostname-mismatch", "encryption.db-cert-incomplete-chain"]);
    expect(found[0]?.reproduce).toBe("openssl s_client -starttls postgres -connect db.internal:5432 -showcerts </dev/null");
  });
});
