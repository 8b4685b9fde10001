// auditDb against real PostgreSQL servers started by the test: TLS off, TLS on with hostssl-only
// pg_hba.conf, and TLS on while plaintext is still allowed (trust).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDb } from "../../src/db/audit.js";
import { selfSignedCert, startPostgres, type PgInstance } from "../helpers/postgres.js";

const OPTS = { timeoutMs: 5000 };

describe("PostgreSQL with ssl=off", () => {
  let pg: PgInstance;
  beforeAll(async () => {
    pg = await startPostgres({ hba: "host all all 127.0.0.1/32 scram-sha-256\n" });
  });
  afterAll(async () => pg?.stop());

  it("answers N and asks for SCRAM over plaintext", async () => {
    const a = await auditDb(pg.host, pg.port, OPTS);
    expect(a).toMatchObject({ reachable: true, wire: "postgresql", error: null, tls: null, tlsStartup: null });
    expect(a.sslRequest?.answer).toBe("N");
    expect(a.plaintext).toMatchObject({ verdict: "accepted", rule: "auth-sasl" });
    expect(a.plaintext?.auth?.mechanisms).toContain("SCRAM-SHA-256");
    expect(a.plaintext?.auth?.mechanisms).not.toContain("SCRAM-SHA-256-PLUS"); // channel binding needs TLS
  });

  it("uses the user it is given, still without a password", async () => {
    const a = await auditDb(pg.host, pg.port, { ...OPTS, user: "app_reader", database: "app" });
    expect(a.probeUser).toBe("app_reader");
    expect(a.plaintext?.verdict).toBe("accepted");
  });
});

describe("PostgreSQL with ssl=on and a hostssl-only pg_hba.conf", () => {
  let pg: PgInstance;
  let noEntry: PgInstance;
  const cert = selfSignedCert();
  beforeAll(async () => {
    [pg, noEntry] = await Promise.all([
      startPostgres({
        tls: cert,
        hba: "hostnossl all all 127.0.0.1/32 reject\nhostssl all all 127.0.0.1/32 scram-sha-256\n",
        conf: ["ssl_min_protocol_version = 'TLSv1.2'", "ssl_ciphers = 'ECDHE+AESGCM'"],
      }),
      startPostgres({ tls: cert, hba: "hostssl all all 127.0.0.1/32 scram-sha-256\n" }),
    ]);
  });
  afterAll(async () => Promise.all([pg?.stop(), noEntry?.stop()]));

  it("answers S, negotiates modern TLS, and refuses plaintext by pg_hba reject", async () => {
    const a = await auditDb(pg.host, pg.port, OPTS);
    expect(a.sslRequest?.answer).toBe("S");
    expect(a.sslRequest?.trailingBytes).toBe(0);
    expect(["TLSv1.2", "TLSv1.3"]).toContain(a.tls?.protocol);
    expect(a.tls?.cipher?.name).toBeTruthy();
    expect(a.tls?.chainPem[0]).toContain("BEGIN CERTIFICATE");
    expect(a.plaintext).toMatchObject({ verdict: "refused", rule: "pg-hba-reject-plaintext" });
    expect(a.plaintext?.error?.sqlstate).toBe("28000");
    expect(a.tlsStartup?.verdict).toBe("accepted");
    expect(a.tlsStartup?.auth?.mechanisms).toContain("SCRAM-SHA-256-PLUS");
    expect(a.product.name).toBe("postgresql");
    expect(a.product.evidence.join(" ")).toMatch(/auth\.c/);
  });

  it("judges the self-signed certificate untrusted unless its CA is passed", async () => {
    const without = await auditDb(pg.host, pg.port, OPTS);
    expect(without.tls).toMatchObject({ authorized: false, authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT", hostnameError: null });
    const withCa = await auditDb(pg.host, pg.port, { ...OPTS, caPem: cert.certPem });
    expect(withCa.tls).toMatchObject({ authorized: true, authorizationError: null });
  });

  it("judges the certificate and enumerates versions and suites behind SSLRequest", async () => {
    const a = await auditDb(pg.host, pg.port, OPTS);
    expect(a.certificate).toMatchObject({ hostname: { name: "127.0.0.1", matches: true }, trust: { status: "self-signed", trusted: false } });
    const scan = a.tlsScan;
    expect(scan).toMatchObject({ host: "127.0.0.1", port: pg.port, ok: true });
    expect(scan?.protocols.filter((p) => p.supported).map((p) => p.name)).toEqual(["TLSv1.2", "TLSv1.3"]);
    const tls12 = scan?.ciphers.find((p) => p.protocol === "TLSv1.2")?.ciphers ?? [];
    expect(tls12.length).toBeGreaterThan(0);
    expect(tls12.every((c) => c.pfs && c.name.includes("GCM"))).toBe(true);
    expect(scan?.grade.letter).toBe("T"); // untrusted certificate caps the grade, as SSL Labs does
    const trusted = await auditDb(pg.host, pg.port, { ...OPTS, caPem: cert.certPem });
    expect(trusted.certificate?.trust.trusted).toBe(true);
    expect(trusted.tlsScan?.grade.letter).toMatch(/^A/);
  });

  it("skips the enumeration when asked", async () => {
    const a = await auditDb(pg.host, pg.port, { ...OPTS, enumerate: false });
    expect(a.tlsScan).toBeNull();
    expect(a.certificate).not.toBeNull();
  });

  it("classifies a missing plaintext pg_hba entry as refused", async () => {
    const a = await auditDb(noEntry.host, noEntry.port, OPTS);
    expect(a.plaintext).toMatchObject({ verdict: "refused", rule: "pg-hba-no-entry-plaintext" });
  });
});

describe("PostgreSQL with ssl=on that still trusts plaintext", () => {
  let pg: PgInstance;
  beforeAll(async () => {
    pg = await startPostgres({ tls: selfSignedCert(), hba: "host all all 127.0.0.1/32 trust\n" });
  });
  afterAll(async () => pg?.stop());

  it("offers TLS but authenticates a plaintext probe without credentials", async () => {
    const a = await auditDb(pg.host, pg.port, OPTS);
    expect(a.sslRequest?.answer).toBe("S");
    expect(a.plaintext).toMatchObject({ verdict: "accepted", rule: "auth-ok" });
    expect(a.plaintext?.auth?.method).toBe("ok");
    // trust lets the probe through authentication; the unknown role is refused afterwards
    expect(a.plaintext?.error?.message).toMatch(/role "rampart_probe" does not exist/);
  });
});
