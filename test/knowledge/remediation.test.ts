// Remediation that fits the stack: the FastAPI + CockroachDB case, every framework × database for the
// database checks, generic fallback, and coverage of every encryption check id of the catalog.
import { describe, expect, it } from "vitest";
import { dbChecks } from "../../src/checks/encryption/db/index.js";
import { DATABASES, FRAMEWORKS, normaliseDatabase, normaliseFramework, remediationFor } from "../../src/knowledge/remediation/index.js";

/** Every encryption.* row of the detection catalog (CHECKS.md), db-cert-* spelled out. */
const CATALOG_ENCRYPTION_IDS = [
  "https-unavailable", "http-not-redirected", "http-redirect-insecure", "credentials-over-plaintext", "hsts-missing",
  "hsts-weak", "tls-legacy-protocol", "tls13-unsupported", "tls-weak-cipher", "tls-no-forward-secrecy", "tls-weak-dh",
  "cert-expired", "cert-not-yet-valid", "cert-expiring-soon", "cert-untrusted", "cert-hostname-mismatch", "cert-weak-key",
  "cert-weak-signature", "cert-incomplete-chain", "cookie-insecure", "mixed-content", "key-material-exposed",
  "db-dsn-exposed", "db-dsn-insecure-sslmode", "db-plaintext-accepted", "db-tls-unsupported", "db-cert-expired",
  "db-cert-not-yet-valid", "db-cert-expiring-soon", "db-cert-untrusted", "db-cert-hostname-mismatch", "db-cert-weak-key",
  "db-cert-weak-signature", "db-cert-incomplete-chain", "cockroach-insecure-mode", "weak-password-hash-exposed",
].map((s) => `encryption.${s}`);

const GENERIC_FALLBACK = "Review the finding's evidence and apply the fix described for this check.";

describe("remediationFor", () => {
  it("FastAPI + CockroachDB: the asyncpg DSN with verify-full and sslrootcert, secrets from the store", () => {
    const r = remediationFor("encryption.db-dsn-insecure-sslmode", { framework: "fastapi", database: "cockroachdb" });
    expect(r.framework).toBe("fastapi");
    expect(r.summary).toMatch(/CockroachDB.*asyncpg.*verify-full/);
    expect(r.code).toContain("asyncpg.create_pool");
    expect(r.code).toMatch(/postgresql:\/\/app@cockroachdb\.internal:26257\/app\?sslmode=verify-full&sslrootcert=\/run\/secrets\//);
    expect(r.steps.join(" ")).toMatch(/secret store/);
    expect(r.steps.join(" ")).toMatch(/never bake them into the image/);
  });

  it("FastAPI + CockroachDB on the server-side check: secure mode first, then the client", () => {
    const r = remediationFor("encryption.db-plaintext-accepted", { framework: "FastAPI", database: "CockroachDB" });
    expect(r.summary).toMatch(/secure mode/);
    expect(r.code).toMatch(/── CockroachDB server ──[\s\S]*--certs-dir[\s\S]*── FastAPI client ──[\s\S]*asyncpg/);
  });

  it("FastAPI key material: pydantic-settings secrets_dir instead of keys in the image", () => {
    const r = remediationFor("encryption.key-material-exposed", { framework: "fastapi", database: null });
    expect(r.code).toContain('secrets_dir="/run/secrets"');
    expect(r.steps.join(" ")).toMatch(/[Rr]otate/);
  });

  it("gives every framework × database its own database-TLS snippet, fully filled in", () => {
    for (const fw of FRAMEWORKS) {
      for (const db of DATABASES) {
        const r = remediationFor("encryption.db-dsn-insecure-sslmode", { framework: fw, database: db });
        expect(r.framework, `${fw}/${db}`).toBe(fw);
        expect(r.code, `${fw}/${db}`).toBeTruthy();
        expect(r.code, `${fw}/${db}`).not.toMatch(/\{\{\w+\}\}/);
        // insecure settings may only appear in "never …" warnings
        const live = (r.code ?? "").split("\n").filter((l) => !/never/i.test(l)).join("\n");
        expect(live, `${fw}/${db}`).not.toMatch(/rejectUnauthorized:\s*false|sslmode=(disable|require|prefer)\b|tlsInsecure=true/);
      }
    }
  });

  it("names the right driver idiom per stack", () => {
    const code = (fw: string, db: string) => remediationFor("encryption.db-dsn-insecure-sslmode", { framework: fw, database: db }).code ?? "";
    expect(code("express", "postgresql")).toMatch(/new pg\.Pool[\s\S]*rejectUnauthorized: true/);
    expect(code("django", "cockroachdb")).toMatch(/"ENGINE": "django_cockroachdb"[\s\S]*"sslmode": "verify-full"/);
    expect(code("spring-boot", "postgresql")).toMatch(/jdbc:postgresql:\/\/db\.internal:5432\/app\?sslmode=verify-full&sslrootcert=/);
    expect(code("aspnet-core", "postgresql")).toMatch(/SSL Mode=VerifyFull;Root Certificate=/);
    expect(code("rails", "cockroachdb")).toMatch(/adapter: cockroachdb[\s\S]*sslmode: verify-full/);
    expect(code("laravel", "postgresql")).toMatch(/'sslmode' => 'verify-full'/);
    expect(code("go", "postgresql")).toMatch(/pgxpool\.ParseConfig/);
    expect(code("nestjs", "cockroachdb")).toMatch(/type: "cockroachdb"/);
    expect(code("flask", "mysql")).toMatch(/create_default_context\(cafile=/);
    expect(code("express", "redis")).toMatch(/REDIS_URL = rediss:/);
  });

  it("accepts fingerprint spellings and aliases", () => {
    expect(normaliseFramework("Starlette")).toBe("fastapi");
    expect(normaliseFramework("ASP.NET Core")).toBe("aspnet-core");
    expect(normaliseFramework("Spring Boot")).toBe("spring-boot");
    expect(normaliseFramework("gin")).toBe("go");
    expect(normaliseFramework("phoenix")).toBeNull();
    expect(normaliseDatabase("postgres")).toBe("postgresql");
    expect(normaliseDatabase("CRDB")).toBe("cockroachdb");
    expect(normaliseDatabase("sqlite")).toBeNull();
  });

  it("falls back to generic advice for an unknown stack", () => {
    const r = remediationFor("encryption.db-dsn-insecure-sslmode", { framework: "phoenix", database: null });
    expect(r.framework).toBeNull();
    expect(r.summary).toMatch(/verify-full/);
    expect(r.code).toBeNull();
  });

  it("uses the database alone when only it is known", () => {
    const r = remediationFor("encryption.db-tls-unsupported", { framework: null, database: "mysql" });
    expect(r.framework).toBeNull();
    expect(r.code).toMatch(/require_secure_transport = ON/);
  });

  it("covers every encryption check id of the catalog with specific advice", () => {
    for (const id of CATALOG_ENCRYPTION_IDS) {
      const r = remediationFor(id, { framework: null, database: null });
      expect(r.summary, id).not.toBe(GENERIC_FALLBACK);
      expect(r.steps.length, id).toBeGreaterThan(0);
    }
  });

  it("gives every registered database check specific advice and references", () => {
    for (const c of dbChecks) {
      expect(c.meta.remediation.summary, c.meta.id).not.toBe(GENERIC_FALLBACK);
      expect(c.meta.references.cwe?.length, c.meta.id).toBeGreaterThan(0);
    }
    const r = remediationFor("encryption.db-tls-no-forward-secrecy", { framework: null, database: "postgresql" });
    expect(r.code).toMatch(/ssl_ciphers = 'ECDHE\+AESGCM:ECDHE\+CHACHA20'/);
  });

  it("fits HTTPS-hygiene fixes to the framework too", () => {
    expect(remediationFor("encryption.hsts-missing", { framework: "django", database: null }).code).toMatch(/SECURE_HSTS_SECONDS = 31536000/);
    expect(remediationFor("encryption.cookie-insecure", { framework: "rails", database: null }).code).toMatch(/secure: true/);
    expect(remediationFor("encryption.weak-password-hash-exposed", { framework: "laravel", database: null }).code).toMatch(/\$hidden/);
    // FastAPI does not terminate TLS itself: the proxy advice stays, framework null
    const tls = remediationFor("encryption.tls-weak-cipher", { framework: "fastapi", database: null });
    expect(tls.framework).toBeNull();
    expect(tls.code).toMatch(/ssl_protocols TLSv1\.2 TLSv1\.3/);
    expect(remediationFor("encryption.tls-legacy-protocol", { framework: "go", database: null }).code).toMatch(/MinVersion: tls\.VersionTLS12/);
  });
});
