// `rampart explain` through the real command-line program (in process): output, JSON, and usage errors.
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli.js";

const rampart = (...args: string[]) => runInProcess(args);

describe("rampart explain", () => {
  it("prints title, severity, description, references and the FastAPI + CockroachDB fix", async () => {
    const r = await rampart("explain", "encryption.db-dsn-insecure-sslmode", "--framework", "fastapi", "--database", "cockroachdb");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^encryption\.db-dsn-insecure-sslmode — Database connection string without verified TLS\n/);
    expect(r.out).toMatch(/Severity: high · Category: encryption · How: offline/);
    expect(r.out.replace(/\s+/g, " ")).toMatch(/Only verify-full with a root certificate/);
    expect(r.out).toMatch(/OWASP API Security Top 10 2023: API8:2023/);
    expect(r.out).toMatch(/CWE: CWE-295, CWE-319/);
    expect(r.out).toMatch(/PCI DSS 4\.0: req\. 4\.2\.1, req\. 8\.3\.2/);
    expect(r.out).toMatch(/How to fix \(FastAPI \+ CockroachDB\)/);
    expect(r.out).toMatch(/asyncpg\.create_pool/);
    expect(r.out).toMatch(/sslmode=verify-full&sslrootcert=/);
    expect(r.err).toBe("");
  });

  it("accepts aliases and emits JSON", async () => {
    const r = await rampart("explain", "encryption.key-material-exposed", "--framework", "Spring Boot", "--format", "json");
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as { checkId: string; severity: string; remediation: { framework: string; code: string }; references: { cwe: number[] } };
    expect(e).toMatchObject({ checkId: "encryption.key-material-exposed", severity: "critical" });
    expect(e.remediation.framework).toBe("spring-boot");
    expect(e.remediation.code).toMatch(/configtree:\/run\/secrets\//);
    expect(e.references.cwe).toContain(321);
  });

  it("gives generic advice without a stack", async () => {
    const r = await rampart("explain", "encryption.db-plaintext-accepted");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nHow to fix\n/);
    expect(r.out.replace(/\s+/g, " ")).toMatch(/Make the database refuse unencrypted connections/);
  });

  it("exits 2 on an unknown id and suggests the closest ones", async () => {
    const r = await rampart("explain", "encryption.db-dsn-insecure");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^rampart: unknown check id 'encryption\.db-dsn-insecure'; did you mean encryption\.db-dsn-insecure-sslmode, /);
    const typo = await rampart("explain", "encryption.hsts-mising");
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/did you mean encryption\.hsts-missing/);
  });

  it("exits 2 on an unknown framework, database or format", async () => {
    expect((await rampart("explain", "encryption.hsts-missing", "--framework", "phoenix")).err).toMatch(/--framework must be one of fastapi, /);
    expect((await rampart("explain", "encryption.hsts-missing", "--database", "oracle")).code).toBe(2);
    expect((await rampart("explain", "encryption.hsts-missing", "--format", "xml")).code).toBe(2);
  });
});
