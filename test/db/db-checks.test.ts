// The database and leak checks through scan(): each fires on the weak setup and stays silent on the
// hardened twin — real PostgreSQL servers, a real HTTP API fixture, a raw TCP port that is not a database.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { scan } from "../../src/engine/scan.js";
import type { ScanOptions } from "../../src/engine/options.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { startRawServer, type FakeServer } from "../helpers/pg-fake.js";
import { selfSignedCert, startPostgres, type PgInstance } from "../helpers/postgres.js";
import { issue } from "../tls/helpers/pki.js";
import { runInProcess } from "../helpers/cli.js";

const DB_CHECKS = ["encryption.db-", "encryption.key-material-exposed", "encryption.weak-password-hash-exposed"];
const SPEC = {
  openapi: "3.0.3",
  info: { title: "leaky", version: "1" },
  paths: Object.fromEntries(["/config", "/users", "/keys"].map((p) => [p, { get: { responses: { "200": { description: "ok" } } } }])),
};

const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const LEAKY: Record<string, unknown> = {
  "/config": {
    database_url: "postgresql://app:Zq81-mx@cockroachdb.internal:26257/app?sslmode=require",
    env: `APP_KEY=base64:${crypto.randomBytes(32).toString("base64")}`,
  },
  "/users": [{ id: 1, email: "a@example.com", password: "$2b$12$KIXQJ5Q2g1ZcXzP1s0F7UOa0sYV2nZc3bQnq1jv3n0pQ7hQz5Zy1e" }],
  "/keys": { keys: [privateKey.export({ format: "jwk" })] },
};
const HARDENED: Record<string, unknown> = {
  "/config": { database: "configured", tls: "verify-full", region: "eu" },
  "/users": [{ id: 1, email: "a@example.com", etag: "5f4dcc3b5aa765d61d8327deb882cf99" }],
  "/keys": { keys: [publicKey.export({ format: "jwk" })] },
};

function api(bodies: Record<string, unknown>): Promise<RunningServer> {
  return startServer((req, res) => {
    if (req.url === "/openapi.json") return json(res, 200, SPEC);
    const body = bodies[req.url ?? ""];
    return body === undefined ? json(res, 404, { error: "not found" }) : json(res, 200, body);
  });
}

function run(target: RunningServer, extra: Partial<ScanOptions>): Promise<ScanReport> {
  return scan({ target: target.url, spec: `${target.url}/openapi.json`, checks: DB_CHECKS, timeoutMs: 5000, ...extra });
}

const ids = (r: ScanReport) => [...new Set(r.findings.map((f) => f.checkId))].sort();

/** What a hardened PostgreSQL looks like: TLS 1.2+, forward-secret suites only, plaintext refused. */
const HARDENED_TLS = ["ssl_min_protocol_version = 'TLSv1.2'", "ssl_ciphers = 'ECDHE+AESGCM:ECDHE+CHACHA20'"];
const HOSTSSL_ONLY = "hostnossl all all 127.0.0.1/32 reject\nhostssl all all 127.0.0.1/32 scram-sha-256\n";

let weakPg: PgInstance;
let strongPg: PgInstance;
let weakTlsPg: PgInstance;
let shortChainPg: PgInstance;
let futurePg: PgInstance;
let chainRootPem = "";
let futurePem = "";
let leaky: RunningServer;
let hardened: RunningServer;
const cert = selfSignedCert();

beforeAll(async () => {
  // An expired, self-signed, 1024-bit RSA, SHA-1 certificate for another host name.
  const bad = await issue({ cn: "db.example.internal", dns: ["db.example.internal"], key: { kind: "rsa", bits: 1024 }, hash: "SHA-1", fromDays: -400, toDays: -3 });
  // A leaf from an intermediate, 5 days left, served without the intermediate.
  const root = await issue({ cn: "Rampart DB Test Root", ca: true, toDays: 3650 });
  const intermediate = await issue({ cn: "Rampart DB Test Intermediate", ca: true, issuer: root, toDays: 1825 });
  const shortLeaf = await issue({ cn: "localhost", dns: ["localhost"], ip: ["127.0.0.1"], issuer: intermediate, toDays: 5 });
  // Valid only from the day after tomorrow.
  const future = await issue({ cn: "localhost", dns: ["localhost"], ip: ["127.0.0.1"], fromDays: 2, toDays: 400 });
  chainRootPem = root.certPem;
  futurePem = future.certPem;
  [weakPg, strongPg, weakTlsPg, shortChainPg, futurePg, leaky, hardened] = await Promise.all([
    startPostgres({ hba: "host all all 127.0.0.1/32 scram-sha-256\n" }),
    startPostgres({ tls: cert, hba: HOSTSSL_ONLY, conf: HARDENED_TLS }),
    startPostgres({
      tls: bad,
      hba: HOSTSSL_ONLY,
      conf: ["ssl_min_protocol_version = 'TLSv1'", "ssl_ciphers = 'ALL:@SECLEVEL=0'"],
      legacyOpenssl: true,
    }),
    startPostgres({ tls: shortLeaf, hba: HOSTSSL_ONLY, conf: HARDENED_TLS }),
    startPostgres({ tls: future, hba: HOSTSSL_ONLY, conf: HARDENED_TLS }),
    api(LEAKY),
    api(HARDENED),
  ]);
});
afterAll(async () => {
  await Promise.all([weakPg, strongPg, weakTlsPg, shortChainPg, futurePg].map((pg) => pg?.stop()));
  await Promise.all([leaky?.close(), hardened?.close()]);
});

describe("database transport checks", () => {
  it("fire on PostgreSQL with ssl=off", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${weakPg.port}`] });
    expect(ids(r)).toEqual(["encryption.db-plaintext-accepted", "encryption.db-tls-unsupported"]);
    const plain = r.findings.find((f) => f.checkId === "encryption.db-plaintext-accepted");
    expect(plain).toMatchObject({ severity: "high", confidence: "confirmed", operation: null });
    expect(plain?.evidence[0]?.excerpt).toMatch(/SCRAM-SHA-256/);
    expect(plain?.reproduce).toMatch(/sslmode=disable/);
    expect(plain?.references.cwe).toContain(319);
    expect(r.findings.find((f) => f.checkId === "encryption.db-tls-unsupported")?.evidence[0]?.excerpt).toMatch(/answered 'N'/);
  });

  it("stay silent on ssl=on with a hostssl-only pg_hba.conf (CA given)", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${strongPg.port}`], ca: cert.certPem });
    expect(ids(r)).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it("on the same server without its CA: only db-cert-untrusted fires", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${strongPg.port}`] });
    expect(ids(r)).toEqual(["encryption.db-cert-untrusted"]);
    const f = r.findings[0];
    expect(f?.title).toMatch(/Self-signed certificate \(database 127\.0\.0\.1:\d+\)/);
    expect(f?.reproduce).toMatch(/openssl s_client -starttls postgres -connect 127\.0\.0\.1:\d+ -showcerts/);
    expect(f?.references.cwe).toEqual([295, 296]);
  });

  it("judge the database's certificate like any TLS server's: expired, weak key, SHA-1, wrong host, untrusted", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${weakTlsPg.port}`] });
    expect(ids(r)).toEqual([
      "encryption.db-cert-expired",
      "encryption.db-cert-hostname-mismatch",
      "encryption.db-cert-untrusted",
      "encryption.db-cert-weak-key",
      "encryption.db-cert-weak-signature",
    ]);
    const expired = r.findings.find((f) => f.checkId === "encryption.db-cert-expired");
    expect(expired).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(expired?.evidence[0]?.request).toBe(`TLS 127.0.0.1:${weakTlsPg.port}`);
    expect(r.findings.find((f) => f.checkId === "encryption.db-cert-weak-key")?.title).toMatch(/RSA 1024 bits/);
  });

  it("missing intermediate and 5 days left: db-cert-incomplete-chain and db-cert-expiring-soon", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${shortChainPg.port}`], ca: chainRootPem });
    expect(ids(r)).toEqual(["encryption.db-cert-expiring-soon", "encryption.db-cert-incomplete-chain"]);
    expect(r.findings.find((f) => f.checkId === "encryption.db-cert-expiring-soon")?.severity).toBe("high");
  });

  it("a certificate whose validity has not started: db-cert-not-yet-valid", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${futurePg.port}`], ca: futurePem });
    expect(ids(r)).toEqual(["encryption.db-cert-not-yet-valid"]);
  });

  it("a port that speaks something else: one clear error, no finding", async () => {
    const http: FakeServer = await startRawServer((s) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\n\r\n")));
    try {
      const r = await run(hardened, { db: [`127.0.0.1:${http.port}`] });
      expect(ids(r)).toEqual([]);
      const dbErrors = r.errors.filter((e) => e.message.includes(`127.0.0.1:${http.port}`));
      expect(dbErrors).toHaveLength(1);
      expect(dbErrors[0]?.message).toMatch(/does not speak the PostgreSQL wire protocol/);
      expect(r.findings).toEqual([]);
    } finally {
      await http.close();
    }
  });

  it("are skipped without database targets", async () => {
    const r = await run(hardened, {});
    const skipped = r.skipped.checks.filter((s) => s.checkId.startsWith("encryption.db-"));
    expect(skipped.map((s) => s.checkId)).toContain("encryption.db-plaintext-accepted");
    expect(skipped.map((s) => s.checkId)).toContain("encryption.db-cert-untrusted");
    expect(skipped[0]?.reason).toMatch(/--db host:port or --dsn/);
  });
});

describe("--dsn analysis", () => {
  it("fires on sslmode=prefer and probes the DSN's host", async () => {
    const r = await run(hardened, { dsn: [`postgresql://app:Zq81-mx@127.0.0.1:${weakPg.port}/app?sslmode=prefer`] });
    expect(ids(r)).toEqual(["encryption.db-dsn-insecure-sslmode", "encryption.db-plaintext-accepted", "encryption.db-tls-unsupported"]);
    const f = r.findings.find((x) => x.checkId === "encryption.db-dsn-insecure-sslmode");
    expect(f?.evidence[0]?.excerpt).toBe(`postgresql://app:****@127.0.0.1:${weakPg.port}/app?sslmode=prefer`);
    expect(JSON.stringify(r)).not.toContain("Zq81-mx");
  });

  it("stays silent on verify-full with sslrootcert against the hardened server", async () => {
    const dsn = `postgresql://app@localhost:${strongPg.port}/app?sslmode=verify-full&sslrootcert=/run/secrets/ca.pem`;
    const r = await run(hardened, { dsn: [dsn], ca: cert.certPem });
    expect(ids(r)).toEqual([]);
  });
});

describe("leaks in responses", () => {
  it("fire on the leaky API, with secrets redacted", async () => {
    const r = await run(leaky, {});
    expect(ids(r)).toEqual([
      "encryption.db-dsn-exposed",
      "encryption.db-dsn-insecure-sslmode",
      "encryption.key-material-exposed",
      "encryption.weak-password-hash-exposed",
    ]);
    const dsn = r.findings.find((f) => f.checkId === "encryption.db-dsn-exposed");
    expect(dsn).toMatchObject({ severity: "critical", confidence: "confirmed", operation: { method: "GET", path: "/config" } });
    expect(dsn?.evidence[0]?.excerpt).toBe("postgresql://app:****@cockroachdb.internal:26257/app?sslmode=require");
    expect(dsn?.reproduce).toMatch(/^curl .*\/config/);
    const keys = r.findings.filter((f) => f.checkId === "encryption.key-material-exposed").map((f) => f.title);
    expect(keys.join(" | ")).toMatch(/APP_KEY \(32-byte key\)/);
    expect(keys.join(" | ")).toMatch(/JWK \(EC\) with private member d/);
    expect(r.findings.find((f) => f.checkId === "encryption.weak-password-hash-exposed")).toMatchObject({ severity: "medium", title: "Password hashes exposed (bcrypt)" });
    const text = JSON.stringify(r);
    expect(text).not.toContain("Zq81-mx");
    expect(text).not.toContain((LEAKY["/keys"] as { keys: { d: string }[] }).keys[0]?.d);
    expect(text).not.toContain("KIXQJ5Q2g1ZcXzP1s0F7UOa0sYV2nZc3bQnq1jv3n0pQ7hQz5Zy1e");
  });

  it("stay silent on the hardened twin", async () => {
    const r = await run(hardened, {});
    expect(ids(r)).toEqual([]);
  });
});

const rampart = (...args: string[]) => runInProcess(args);

describe("rampart db", () => {
  it("host:port of PostgreSQL with ssl=off: both transport findings, exit 0 without a gate", async () => {
    const r = await rampart("db", `127.0.0.1:${weakPg.port}`, "--timeout", "5000");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Database audit: 127\.0\.0\.1:\d+\n/);
    expect(r.out).toMatch(/SSLRequest\s+N — TLS not supported/);
    expect(r.out).toMatch(/Plaintext\s+accepted — the server asked for sasl authentication/);
    expect(r.out).toMatch(/HIGH\s+encryption\.db-plaintext-accepted/);
    expect(r.out).toMatch(/HIGH\s+encryption\.db-tls-unsupported/);
    expect(r.out).toMatch(/fix: Turn on TLS in PostgreSQL/);
  });

  it("--fail-on high gates with exit 1", async () => {
    const r = await rampart("db", `127.0.0.1:${weakPg.port}`, "--fail-on", "high");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/gate failed/);
  });

  it("a DSN: analysis plus a probe of its host with its user, password never shown", async () => {
    const dsn = `postgresql://app_reader:Zq81-mx@127.0.0.1:${strongPg.port}/app?sslmode=require`;
    const r = await rampart("db", dsn, "--ca", cert.certPem, "--format", "json");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("Zq81-mx");
    const report = JSON.parse(r.out) as { target: string; dsn: { tls: { verdict: string } }; audits: { probeUser: string; plaintext: { verdict: string } }[]; issues: { checkId: string }[] };
    expect(report.target).toBe(`postgresql://app_reader:****@127.0.0.1:${strongPg.port}/app?sslmode=require`);
    expect(report.dsn.tls.verdict).toBe("encrypted-unverified");
    expect(report.audits[0]).toMatchObject({ probeUser: "app_reader", plaintext: { verdict: "refused" } });
    expect(report.issues.map((i) => i.checkId)).toEqual(["encryption.db-dsn-insecure-sslmode"]);
  });

  it("shows the database's TLS versions, suites, certificate and the protocol findings under the TLS ids", async () => {
    const r = await rampart("db", `127.0.0.1:${weakTlsPg.port}`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/TLS versions\s+TLSv1\.0, TLSv1\.1, TLSv1\.2, TLSv1\.3 · \d+ suites · grade [A-FTM]/);
    expect(r.out).toMatch(/Certificate\s+CN=db\.example\.internal · RSA 1024 · -\d+ days left · not trusted \(self-signed\) · host name does not match/);
    expect(r.out).toMatch(/encryption\.tls-legacy-protocol\s+TLSv1\.0 accepted \[127\.0\.0\.1:\d+\]/);
    expect(r.out).toMatch(/CRITICAL encryption\.db-cert-expired/);
    expect(r.out).toMatch(/fix: Disable SSLv2, SSLv3, TLS 1\.0 and TLS 1\.1/);
  });

  it("a MySQL DSN is judged from the DSN alone", async () => {
    const r = await rampart("db", "mysql://root:Zq81-mx@mysql.internal/app?ssl-mode=PREFERRED");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/TLS\s+none — ssl-mode=PREFERRED falls back to plaintext/);
    expect(r.out).toMatch(/note: the wire probe speaks the PostgreSQL protocol only/);
    expect(r.out).not.toContain("Zq81-mx");
  });

  it("exits 2 with one line for a port that is not a database, and for bad input", async () => {
    const http: FakeServer = await startRawServer((s) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\n\r\n")));
    try {
      const r = await rampart("db", `127.0.0.1:${http.port}`);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(/does not speak the PostgreSQL wire protocol/);
    } finally {
      await http.close();
    }
    expect((await rampart("db", "ftp://x:y@h/z")).err).toMatch(/neither a PostgreSQL\/CockroachDB\/MySQL\/MongoDB\/Redis connection string/);
    expect((await rampart("db", "127.0.0.1:99999")).code).toBe(2);
    expect((await rampart("db", `127.0.0.1:${weakPg.port}`, "--format", "xml")).code).toBe(2);
  });
});
