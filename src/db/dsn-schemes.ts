// What each database's connection-string parameters mean for transport security: one row per product.
// Verdicts: none = encryption not guaranteed (a network attacker can strip or skip TLS);
// encrypted-unverified = TLS without a full certificate + host-name check (an active MITM still wins);
// verified = TLS with the server's identity checked against a trust anchor.

export type DbFamily = "postgresql" | "cockroachdb" | "mysql" | "mongodb" | "redis";
export type TlsVerdict = "none" | "encrypted-unverified" | "verified";

export interface TlsMeaning {
  verdict: TlsVerdict;
  reason: string;
}

/** A parameter that decides TLS; the first listed name present in the DSN wins. Values are matched
 *  case-insensitively with `-`/`_` ignored (VERIFY_IDENTITY = verify-identity). */
export interface TlsParamRule {
  names: string[];
  values: Record<string, TlsMeaning>;
  /** Meaning of a value not in `values` (e.g. a custom Go TLS config name, a JSON ssl profile). */
  otherValue?: TlsMeaning;
}

/** A parameter that, when truthy, turns a verified connection into an unverified one. */
export interface DowngradeRule {
  names: string[];
  /** Values that trigger it (normalised like TlsParamRule values). */
  when: string[];
  reason: string;
}

export interface SchemeRow {
  family: DbFamily;
  /** URL schemes (without `://`), driver suffixes like `+asyncpg` are stripped before lookup. */
  schemes: string[];
  defaultPort: number;
  /** Scheme-specific defaults (e.g. rediss:// and mongodb+srv:// imply TLS). */
  schemeDefaults?: Record<string, TlsMeaning>;
  default: TlsMeaning;
  params: TlsParamRule[];
  /** Parameters that change the default when no TLS parameter is given. */
  implied?: { names: string[]; when: string[]; meaning: TlsMeaning }[];
  downgrades: DowngradeRule[];
  /** Parameters naming the CA file (their presence is recorded; the file is never read). */
  rootCertParams: string[];
  /** Query parameters holding secrets (redacted). */
  secretParams: string[];
}

const PG_SSLMODE: Record<string, TlsMeaning> = {
  disable: { verdict: "none", reason: "sslmode=disable never encrypts" },
  allow: { verdict: "none", reason: "sslmode=allow tries an unencrypted connection first" },
  prefer: { verdict: "none", reason: "sslmode=prefer falls back to plaintext, so an attacker can strip TLS" },
  require: { verdict: "encrypted-unverified", reason: "sslmode=require encrypts but does not verify the server certificate (MITM)" },
  noverify: { verdict: "encrypted-unverified", reason: "sslmode=no-verify encrypts without verifying the certificate (MITM)" },
  verifyca: { verdict: "encrypted-unverified", reason: "sslmode=verify-ca checks the chain but not the host name" },
  verifyfull: { verdict: "verified", reason: "sslmode=verify-full checks the chain and the host name" },
};

const PG_COMMON: Omit<SchemeRow, "family" | "schemes" | "defaultPort"> = {
  params: [
    { names: ["sslmode", "ssl-mode"], values: PG_SSLMODE },
    {
      // JDBC (ssl=true → verify-full), node-postgres (ssl=true → verified), asyncpg/SQLAlchemy (ssl=<sslmode>).
      names: ["ssl"],
      values: {
        ...PG_SSLMODE,
        true: { verdict: "verified", reason: "ssl=true: JDBC, node-postgres and asyncpg verify the certificate and host" },
        "1": { verdict: "verified", reason: "ssl=1: the driver verifies the certificate and host" },
        false: { verdict: "none", reason: "ssl=false disables TLS" },
        "0": { verdict: "none", reason: "ssl=0 disables TLS" },
      },
    },
  ],
  downgrades: [
    {
      names: ["sslfactory"],
      when: ["org.postgresql.ssl.nonvalidatingfactory"],
      reason: "sslfactory=NonValidatingFactory accepts any certificate",
    },
    { names: ["trustservercertificate", "trust server certificate"], when: ["true", "yes", "1"], reason: "Trust Server Certificate=true skips validation" },
  ],
  implied: [
    {
      names: ["sslrootcert"],
      when: ["system"],
      meaning: { verdict: "verified", reason: "sslrootcert=system makes libpq 16+ default to verify-full" },
    },
  ],
  rootCertParams: ["sslrootcert", "root certificate"],
  secretParams: ["password", "sslpassword", "pwd"],
  default: { verdict: "none", reason: "no sslmode: libpq and most drivers default to prefer (plaintext fallback)" },
};

const MYSQL_SSLMODE: Record<string, TlsMeaning> = {
  disabled: { verdict: "none", reason: "ssl-mode=DISABLED never encrypts" },
  preferred: { verdict: "none", reason: "ssl-mode=PREFERRED falls back to plaintext" },
  required: { verdict: "encrypted-unverified", reason: "ssl-mode=REQUIRED encrypts without verifying the certificate (MITM)" },
  verifyca: { verdict: "encrypted-unverified", reason: "ssl-mode=VERIFY_CA checks the chain but not the host name" },
  verifyidentity: { verdict: "verified", reason: "ssl-mode=VERIFY_IDENTITY checks the chain and the host name" },
  // MySqlConnector / Connector/NET vocabulary (SslMode=None|Preferred|Required|VerifyCA|VerifyFull).
  none: { verdict: "none", reason: "SslMode=None never encrypts" },
  verifyfull: { verdict: "verified", reason: "SslMode=VerifyFull checks the chain and the host name" },
};

const BOOL_TLS = (name: string): Record<string, TlsMeaning> => ({
  true: { verdict: "verified", reason: `${name}=true: TLS with certificate validation (driver default)` },
  false: { verdict: "none", reason: `${name}=false disables TLS` },
});

export const SCHEME_ROWS: readonly SchemeRow[] = [
  { family: "postgresql", schemes: ["postgres", "postgresql", "pgsql"], defaultPort: 5432, ...PG_COMMON },
  { family: "cockroachdb", schemes: ["cockroachdb", "cockroach", "crdb"], defaultPort: 26257, ...PG_COMMON },
  {
    family: "mysql",
    schemes: ["mysql", "mariadb", "mysqlx"],
    defaultPort: 3306,
    default: { verdict: "none", reason: "no ssl-mode: MySQL clients default to PREFERRED (plaintext fallback)" },
    params: [
      { names: ["ssl-mode", "sslmode", "ssl_mode"], values: MYSQL_SSLMODE },
      {
        // Go go-sql-driver/mysql: tls=true|false|skip-verify|preferred|<registered config name>.
        names: ["tls"],
        values: {
          ...BOOL_TLS("tls"),
          skipverify: { verdict: "encrypted-unverified", reason: "tls=skip-verify encrypts without verifying the certificate" },
          preferred: { verdict: "none", reason: "tls=preferred falls back to plaintext" },
        },
        otherValue: { verdict: "verified", reason: "tls=<custom config> registered in code (assumed to verify)" },
      },
      {
        // Connector/J 5.x/8.x legacy flags: useSSL/requireSSL=true means REQUIRED (no host-name check).
        names: ["usessl", "requiressl"],
        values: {
          true: { verdict: "encrypted-unverified", reason: "useSSL=true is REQUIRED mode: no host-name verification" },
          false: { verdict: "none", reason: "useSSL=false disables TLS" },
        },
      },
      {
        // PyMySQL / mysqlclient via SQLAlchemy.
        names: ["ssl_verify_identity"],
        values: { true: { verdict: "verified", reason: "ssl_verify_identity=true checks chain and host name" } },
      },
      {
        names: ["ssl_verify_cert", "ssl_ca", "sslca"],
        values: {},
        otherValue: { verdict: "encrypted-unverified", reason: "a CA is checked but not the host name (add ssl_verify_identity)" },
      },
      {
        // mysql2 (Node): ssl=<profile or JSON>; rejectUnauthorized:false is caught as a downgrade.
        names: ["ssl"],
        values: BOOL_TLS("ssl"),
        otherValue: { verdict: "verified", reason: "ssl=<profile>: mysql2 verifies the certificate by default" },
      },
    ],
    downgrades: [
      { names: ["ssl"], when: ['{"rejectunauthorized":false}'], reason: "rejectUnauthorized:false accepts any certificate" },
      { names: ["verifyservercertificate"], when: ["false"], reason: "verifyServerCertificate=false accepts any certificate" },
    ],
    rootCertParams: ["ssl-ca", "ssl_ca", "sslca", "trustcertificatekeystoreurl", "servercaurl"],
    secretParams: ["password", "pwd", "trustcertificatekeystorepassword", "clientcertificatekeystorepassword"],
  },
  {
    family: "mongodb",
    schemes: ["mongodb", "mongodb+srv"],
    defaultPort: 27017,
    schemeDefaults: { "mongodb+srv": { verdict: "verified", reason: "mongodb+srv:// enables TLS with validation by default" } },
    default: { verdict: "none", reason: "mongodb:// without tls=true is unencrypted" },
    params: [{ names: ["tls", "ssl"], values: BOOL_TLS("tls") }],
    downgrades: [
      { names: ["tlsinsecure"], when: ["true"], reason: "tlsInsecure=true disables certificate and host-name validation" },
      { names: ["tlsallowinvalidcertificates", "sslallowinvalidcertificates"], when: ["true"], reason: "tlsAllowInvalidCertificates=true accepts any certificate" },
      { names: ["tlsallowinvalidhostnames", "sslallowinvalidhostnames"], when: ["true"], reason: "tlsAllowInvalidHostnames=true skips the host-name check" },
    ],
    rootCertParams: ["tlscafile", "sslca"],
    secretParams: ["password", "tlscertificatekeyfilepassword", "sslpemkeypassword"],
  },
  {
    family: "redis",
    schemes: ["redis", "rediss", "valkey", "valkeys"],
    defaultPort: 6379,
    schemeDefaults: {
      rediss: { verdict: "verified", reason: "rediss:// uses TLS and clients verify the certificate by default" },
      valkeys: { verdict: "verified", reason: "valkeys:// uses TLS and clients verify the certificate by default" },
    },
    default: { verdict: "none", reason: "redis:// is unencrypted (use rediss://)" },
    params: [],
    downgrades: [
      { names: ["ssl_cert_reqs"], when: ["none", "optional", "certnone", "certoptional"], reason: "ssl_cert_reqs=none skips certificate validation" },
      { names: ["skip_verify", "insecure_skip_verify", "insecure", "tls_insecure"], when: ["true", "1"], reason: "certificate verification is switched off" },
      { names: ["ssl_check_hostname"], when: ["false", "0"], reason: "ssl_check_hostname=false skips the host-name check" },
    ],
    rootCertParams: ["ssl_ca_certs", "ssl_ca_path", "tls_ca_file"],
    secretParams: ["password", "pass"],
  },
];

export function schemeRow(scheme: string): SchemeRow | undefined {
  const base = scheme.toLowerCase().replace(/^jdbc:/, "");
  const full = base.replace(/\+(?!srv\b)[\w.-]+$/, ""); // postgresql+asyncpg → postgresql, keep mongodb+srv
  return SCHEME_ROWS.find((r) => r.schemes.includes(full));
}

export function normaliseValue(v: string): string {
  return v.trim().toLowerCase().replace(/[-_\s]/g, "");
}
