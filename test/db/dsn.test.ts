// The DSN analyzer: per product, the parameters that decide transport security (verified / unverified
// / none), credentials (never returned in clear) and the written forms, plus strings that are not DSNs.
import { describe, expect, it } from "vitest";
import { analyzeDsn, redactDsn } from "../../src/db/dsn.js";
import { SCHEME_ROWS } from "../../src/db/dsn-schemes.js";

type Verdict = "none" | "encrypted-unverified" | "verified";
// [dsn, family, verdict, hosts, user, passwordPresent, database]
const CASES: [string, string, Verdict, string, string | null, boolean, string | null][] = [
  // PostgreSQL / libpq semantics
  ["postgresql://app:s3cret@db.internal:5432/app", "postgresql", "none", "db.internal:5432", "app", true, "app"],
  ["postgres://app:s3cret@db/app?sslmode=disable", "postgresql", "none", "db:5432", "app", true, "app"],
  ["postgres://app@db/app?sslmode=allow", "postgresql", "none", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslmode=prefer", "postgresql", "none", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslmode=require", "postgresql", "encrypted-unverified", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslmode=verify-ca&sslrootcert=/ca.pem", "postgresql", "encrypted-unverified", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslmode=verify-full&sslrootcert=/ca.pem", "postgresql", "verified", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslmode=verify-full", "postgresql", "verified", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslrootcert=system", "postgresql", "verified", "db:5432", "app", false, "app"],
  ["postgres://app@db/app?sslmode=bogus", "postgresql", "none", "db:5432", "app", false, "app"],
  ["postgresql+asyncpg://app:pw@db:5432/app?ssl=require", "postgresql", "encrypted-unverified", "db:5432", "app", true, "app"],
  ["postgresql+asyncpg://app:pw@db:5432/app?ssl=verify-full", "postgresql", "verified", "db:5432", "app", true, "app"],
  ["jdbc:postgresql://db:5432/app?user=app&password=pw&ssl=true", "postgresql", "verified", "db:5432", "app", true, "app"],
  ["jdbc:postgresql://db/app?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory", "postgresql", "encrypted-unverified", "db:5432", null, false, "app"],
  ["postgres://u:p%40ss@h1:5432,h2:5433/app?sslmode=verify-full", "postgresql", "verified", "h1:5432,h2:5433", "u", true, "app"],
  ["postgres://u:p@ss/word@db.internal/app", "postgresql", "none", "db.internal:5432", "u", true, "app"],
  ["postgres://[::1]:6543/app", "postgresql", "none", "::1:6543", null, false, "app"],
  ["postgresql:///app?host=/var/run/postgresql", "postgresql", "none", "/var/run/postgresql:5432", null, false, "app"],
  ["host=db port=5432 dbname=app user=app password='p w' sslmode=verify-full sslrootcert=/ca", "postgresql", "verified", "db:5432", "app", true, "app"],
  ["host=db dbname=app sslmode=require", "postgresql", "encrypted-unverified", "db:5432", null, false, "app"],
  ["Host=db;Port=5432;Database=app;Username=app;Password=p w;SSL Mode=VerifyFull;Root Certificate=/ca", "postgresql", "verified", "db:5432", "app", true, "app"],
  ["Host=db;Database=app;Username=app;SSL Mode=Require;Trust Server Certificate=true", "postgresql", "encrypted-unverified", "db:5432", "app", false, "app"],
  // CockroachDB (scheme, port 26257, or the serverless cluster option)
  ["cockroachdb://root@crdb:26257/defaultdb?sslmode=verify-full&sslrootcert=certs/ca.crt", "cockroachdb", "verified", "crdb:26257", "root", false, "defaultdb"],
  ["cockroachdb+asyncpg://root@crdb/defaultdb", "cockroachdb", "none", "crdb:26257", "root", false, "defaultdb"],
  ["postgresql://myuser:mypassword@cockroachdb-host:26257/mydb?sslmode=require&sslrootcert=/app/secrets/ca.pem", "cockroachdb", "encrypted-unverified", "cockroachdb-host:26257", "myuser", true, "mydb"],
  ["postgresql://u:p@free-tier.gcp-us-central1.cockroachlabs.cloud/db?sslmode=verify-full", "cockroachdb", "verified", "free-tier.gcp-us-central1.cockroachlabs.cloud:5432", "u", true, "db"],
  // MySQL: URL, Connector/J, Go driver, .NET
  ["mysql://root:pw@db/app", "mysql", "none", "db:3306", "root", true, "app"],
  ["mysql://root:pw@db/app?ssl-mode=PREFERRED", "mysql", "none", "db:3306", "root", true, "app"],
  ["mysql://root:pw@db/app?ssl-mode=REQUIRED", "mysql", "encrypted-unverified", "db:3306", "root", true, "app"],
  ["mysql://root:pw@db/app?ssl-mode=VERIFY_CA", "mysql", "encrypted-unverified", "db:3306", "root", true, "app"],
  ["mysql://root:pw@db/app?ssl-mode=VERIFY_IDENTITY", "mysql", "verified", "db:3306", "root", true, "app"],
  ["jdbc:mysql://db:3306/app?sslMode=VERIFY_IDENTITY", "mysql", "verified", "db:3306", null, false, "app"],
  ["jdbc:mysql://db:3306/app?useSSL=true", "mysql", "encrypted-unverified", "db:3306", null, false, "app"],
  ["jdbc:mysql://db:3306/app?useSSL=false", "mysql", "none", "db:3306", null, false, "app"],
  ["mysql+pymysql://app:pw@db/app?ssl_ca=/ca.pem&ssl_verify_identity=true", "mysql", "verified", "db:3306", "app", true, "app"],
  ["mysql+pymysql://app:pw@db/app?ssl_ca=/ca.pem", "mysql", "encrypted-unverified", "db:3306", "app", true, "app"],
  ["app:pw@tcp(db:3306)/app?tls=true", "mysql", "verified", "db:3306", "app", true, "app"],
  ["app:pw@tcp(db:3306)/app?tls=skip-verify", "mysql", "encrypted-unverified", "db:3306", "app", true, "app"],
  ["app:pw@tcp(db:3306)/app?tls=preferred", "mysql", "none", "db:3306", "app", true, "app"],
  ['mysql://app:pw@db/app?ssl={"rejectUnauthorized":false}', "mysql", "encrypted-unverified", "db:3306", "app", true, "app"],
  ["Server=db;Port=3306;Database=app;Uid=app;Pwd=pw;SslMode=VerifyFull", "mysql", "verified", "db:3306", "app", true, "app"],
  ["Server=db;Database=app;Uid=app;Pwd=pw;SslMode=None", "mysql", "none", "db:3306", "app", true, "app"],
  // MongoDB
  ["mongodb://u:p@h1,h2:27018/db?replicaSet=rs0", "mongodb", "none", "h1:27017,h2:27018", "u", true, "db"],
  ["mongodb://u:p@h/db?tls=true", "mongodb", "verified", "h:27017", "u", true, "db"],
  ["mongodb://u:p@h/db?ssl=true&tlsAllowInvalidCertificates=true", "mongodb", "encrypted-unverified", "h:27017", "u", true, "db"],
  ["mongodb+srv://u:p@cluster0.example.net/db", "mongodb", "verified", "cluster0.example.net:27017", "u", true, "db"],
  ["mongodb+srv://u:p@cluster0.example.net/db?tlsInsecure=true", "mongodb", "encrypted-unverified", "cluster0.example.net:27017", "u", true, "db"],
  ["mongodb+srv://u:p@cluster0.example.net/db?tlsAllowInvalidHostnames=true", "mongodb", "encrypted-unverified", "cluster0.example.net:27017", "u", true, "db"],
  ["mongodb+srv://u:p@cluster0.example.net/db?tls=false", "mongodb", "none", "cluster0.example.net:27017", "u", true, "db"],
  // Redis
  ["redis://cache:6379", "redis", "none", "cache:6379", null, false, null],
  ["redis://:pw@cache:6379/0", "redis", "none", "cache:6379", null, true, "0"],
  ["rediss://:pw@cache:6380/0", "redis", "verified", "cache:6380", null, true, "0"],
  ["rediss://:pw@cache:6380/0?ssl_cert_reqs=none", "redis", "encrypted-unverified", "cache:6380", null, true, "0"],
  ["rediss://default:pw@cache:6380?skip_verify=true", "redis", "encrypted-unverified", "cache:6380", "default", true, null],
];

describe("analyzeDsn", () => {
  for (const [dsn, family, verdict, hosts, user, pw, db] of CASES) {
    it(`${dsn} → ${family}, ${verdict}`, () => {
      const a = analyzeDsn(dsn);
      expect(a).not.toBeNull();
      if (!a) return;
      expect(a.family).toBe(family);
      expect(a.tls.verdict).toBe(verdict);
      expect(a.hosts.map((h) => `${h.host}:${h.port}`).join(",")).toBe(hosts);
      expect(a.user).toBe(user);
      expect(a.passwordPresent).toBe(pw);
      expect(a.database).toBe(db);
      expect(a.tls.reason.length).toBeGreaterThan(10);
    });
  }

  it("covers every product row with at least one case of each verdict it can give", () => {
    for (const row of SCHEME_ROWS) {
      const verdicts = new Set(CASES.filter((c) => c[1] === row.family).map((c) => c[2]));
      expect([...verdicts].sort(), row.family).toEqual(["encrypted-unverified", "none", "verified"]);
    }
  });

  it("never returns the password, in any field", () => {
    for (const [dsn, , , , , pw] of CASES) {
      if (!pw) continue;
      const serialised = JSON.stringify(analyzeDsn(dsn));
      for (const secret of ["s3cret", "mypassword", "p w", '"pw"', ":pw@", "p%40ss", "p@ss/word"]) {
        if (dsn.includes(secret.replace(/"/g, ""))) expect(serialised, dsn).not.toContain(secret.replace(/"/g, ""));
      }
    }
  });

  it("records the root certificate, the implicit-anchor case and the downgrading parameter", () => {
    expect(analyzeDsn("postgres://db/app?sslmode=verify-full&sslrootcert=/etc/ca.pem")?.tls).toMatchObject({ rootCert: "/etc/ca.pem", rootCertImplicit: false });
    expect(analyzeDsn("postgres://db/app?sslmode=verify-full")?.tls).toMatchObject({ rootCert: null, rootCertImplicit: true });
    expect(analyzeDsn("mongodb+srv://u:p@c.example.net/db?tlsInsecure=true")?.tls.downgradedBy).toBe("tlsInsecure=true");
  });

  it("names the driver from the scheme", () => {
    expect(analyzeDsn("postgresql+asyncpg://db/app")?.driver).toBe("asyncpg");
    expect(analyzeDsn("jdbc:postgresql://db/app")?.driver).toBe("jdbc");
    expect(analyzeDsn("mongodb+srv://c.example.net/db")?.driver).toBeNull();
  });

  it("flags documentation placeholders", () => {
    expect(analyzeDsn("postgres://user:password@host:5432/db")?.placeholder).toBe(true);
    expect(analyzeDsn("postgres://app:${DB_PASSWORD}@db.internal/app")?.placeholder).toBe(true);
    expect(analyzeDsn("postgres://app:Zx81-q@db.internal/app")?.placeholder).toBe(false);
  });

  it("rejects strings that are not database connection strings", () => {
    for (const s of [
      "https://example.com/db?sslmode=disable",
      "ftp://user:pw@files/x",
      "page=1 size=10 sort=asc",
      "just some text",
      "user@example.com",
      "Server=tcp:x.database.windows.net;Initial Catalog=app;User ID=a;Password=b",
      "",
    ]) {
      expect(analyzeDsn(s), s).toBeNull();
    }
  });
});

describe("redactDsn", () => {
  const REDACT: [string, string][] = [
    ["postgres://app:s3cret@db/app", "postgres://app:****@db/app"],
    ["postgres://u:p@ss/word@db.internal/app", "postgres://u:****@db.internal/app"],
    ["postgres://:onlypw@db/app", "postgres://:****@db/app"],
    ["postgres://app@db/app", "postgres://app@db/app"],
    ["jdbc:postgresql://db/app?user=a&password=b&ssl=true", "jdbc:postgresql://db/app?user=a&password=****&ssl=true"],
    ["host=db user=app password='p w' sslmode=disable", "host=db user=app password=**** sslmode=disable"],
    ["host=db user=app password=pw sslmode=disable", "host=db user=app password=**** sslmode=disable"],
    ["Host=db;Username=app;Password=p w;SSL Mode=Require", "Host=db;Username=app;Password=****;SSL Mode=Require"],
    ["Server=db;Uid=app;Pwd=pw", "Server=db;Uid=app;Pwd=****"],
    ["app:pw@tcp(db:3306)/app", "app:****@tcp(db:3306)/app"],
    ["rediss://:pw@cache:6380/0", "rediss://:****@cache:6380/0"],
    ["mongodb://u:p@h/db?tlsCertificateKeyFilePassword=kp", "mongodb://u:****@h/db?tlsCertificateKeyFilePassword=****"],
  ];
  for (const [input, expected] of REDACT) {
    it(input, () => expect(redactDsn(input)).toBe(expected));
  }
});
