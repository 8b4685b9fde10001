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
let leaky: RunningServer;
let hardened: RunningServer;
const cert = selfSignedCert();

beforeAll(async () => {
  [weakPg, strongPg, weakTlsPg, leaky, hardened] = await Promise.all([
    startPostgres({ hba: "host all all 127.0.0.1/32 scram-sha-256\n" }),
    startPostgres({ tls: cert, hba: HOSTSSL_ONLY, conf: HARDENED_TLS }),
    // TLS 1.0 allowed, every suite OpenSSL still has, a certificate for another host
    startPostgres({
      tls: selfSignedCert({ cn: "db.example.internal", san: "DNS:db.example.internal" }),
      hba: HOSTSSL_ONLY,
      conf: ["ssl_min_protocol_version = 'TLSv1'", "ssl_ciphers = 'ALL:@SECLEVEL=0'"],
    }),
    api(LEAKY),
    api(HARDENED),
  ]);
});
afterAll(async () => {
  await Promise.all([weakPg?.stop(), strongPg?.stop(), weakTlsPg?.stop(), leaky?.close(), hardened?.close()]);
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

  it("judge the database's TLS versions, suites and certificate like any TLS server", async () => {
    const r = await run(hardened, { db: [`127.0.0.1:${weakTlsPg.port}`] });
    const found = ids(r);
    for (const id of [
      "encryption.db-cert-hostname-mismatch",
      "encryption.db-cert-untrusted",
      "encryption.db-tls-legacy-protocol",
      "encryption.db-tls-no-forward-secrecy",
      "encryption.db-tls-weak-cipher",
    ]) {
      expect(found, id).toContain(id);
    }
    expect(found).not.toContain("encryption.db-plaintext-accepted");
    expect(found).not.toContain("encryption.db-tls-unsupported");
    const legacy = r.findings.filter((f) => f.checkId === "encryption.db-tls-legacy-protocol").flatMap((f) => f.evidence);
    expect(legacy.map((e) => e.excerpt).join(" ")).toMatch(/TLSv1\.0 handshake accepted/);
    expect(legacy[0]?.request).toBe(`TLS 127.0.0.1:${weakTlsPg.port}`);
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
