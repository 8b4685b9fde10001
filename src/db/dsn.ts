// The DSN analyzer: what a connection string says about its database, its credentials (never returned
// in clear) and its transport security, judged by the per-product table in dsn-schemes.ts.
import { looksLikePlaceholder } from "../patterns/dsn.js";
import { findParam, normaliseName, parseDsn, type ParsedDsn } from "./dsn-parse.js";
import { normaliseValue, schemeRow, SCHEME_ROWS, type DbFamily, type SchemeRow, type TlsMeaning, type TlsVerdict } from "./dsn-schemes.js";

export type { DbFamily, TlsVerdict } from "./dsn-schemes.js";

export interface DsnTls {
  verdict: TlsVerdict;
  reason: string;
  /** The parameter that decided it, as `name=value`, or null when the default applied. */
  setting: string | null;
  /** Value of sslrootcert / tlsCAFile / ssl_ca … when given. */
  rootCert: string | null;
  /** Verified, but the trust anchor comes from a default location (e.g. ~/.postgresql/root.crt). */
  rootCertImplicit: boolean;
  /** Parameter that downgraded verification, as `name=value`. */
  downgradedBy: string | null;
}

export interface DsnAnalysis {
  form: ParsedDsn["form"];
  /** Scheme as written (`postgresql+asyncpg`, `jdbc:mysql`), null for key/value forms. */
  scheme: string | null;
  /** Driver named in the scheme (`asyncpg`, `jdbc`), if any. */
  driver: string | null;
  family: DbFamily;
  hosts: { host: string; port: number }[];
  host: string | null;
  port: number | null;
  user: string | null;
  passwordPresent: boolean;
  database: string | null;
  tls: DsnTls;
  /** The DSN with every secret replaced by ****. */
  redacted: string;
  /** Looks like documentation (host "host", password "<password>", "${DB_PASSWORD}" …), not real configuration. */
  placeholder: boolean;
}

export const REDACTED = "****";

export function analyzeDsn(dsn: string): DsnAnalysis | null {
  const parsed = parseDsn(dsn);
  if (!parsed) return null;
  const family = familyOf(parsed);
  if (!family) return null;
  const row = SCHEME_ROWS.find((r) => r.family === family);
  if (!row) return null;
  // The default port is the written form's (libpq's 5432 for postgresql://, even in front of CockroachDB).
  const defaultPort = (parsed.scheme ? schemeRow(parsed.scheme)?.defaultPort : null) ?? (family === "cockroachdb" ? 5432 : row.defaultPort);
  const hosts = parsed.hosts.filter((h) => h.host).map((h) => ({ host: h.host, port: h.port ?? defaultPort }));
  const schemeBase = parsed.scheme?.replace(/^jdbc:/, "") ?? null;
  return {
    form: parsed.form,
    scheme: parsed.scheme,
    driver: parsed.scheme?.startsWith("jdbc:") ? "jdbc" : (/\+(?!srv$)([\w.-]+)$/.exec(schemeBase ?? "")?.[1] ?? null),
    family,
    hosts,
    host: hosts[0]?.host ?? null,
    port: hosts[0]?.port ?? null,
    user: parsed.user,
    passwordPresent: !!parsed.password,
    database: parsed.database,
    tls: judgeTls(parsed, row, schemeBase?.replace(/\+(?!srv$)[\w.-]+$/, "") ?? null),
    redacted: redactDsn(dsn),
    placeholder: looksLikePlaceholder(hosts[0]?.host ?? null, parsed.password),
  };
}

function familyOf(p: ParsedDsn): DbFamily | null {
  const ports = p.hosts.map((h) => h.port);
  const crdbHint =
    ports.includes(26257) || p.hosts.some((h) => /cockroachlabs\.cloud$/i.test(h.host)) || /--cluster=/.test(p.params.options ?? "");
  if (p.form === "url") {
    const family = schemeRow(p.scheme ?? "")?.family ?? null;
    return family === "postgresql" && crdbHint ? "cockroachdb" : family;
  }
  if (p.form === "go-mysql") return "mysql";
  if (p.form === "keyvalue") return crdbHint ? "cockroachdb" : "postgresql";
  // ADO.NET: Npgsql says Host/Username; MySqlConnector says Server/Uid; SQL Server (Initial Catalog) is out of scope.
  if ("initial catalog" in p.params || "data source" in p.params) return null;
  if ("uid" in p.params || "pwd" in p.params || ports.includes(3306)) return "mysql";
  return crdbHint ? "cockroachdb" : "postgresql";
}

function judgeTls(p: ParsedDsn, row: SchemeRow, scheme: string | null): DsnTls {
  const rootCert = findParam(p.params, row.rootCertParams);
  let meaning: TlsMeaning | null = null;
  let setting: string | null = null;
  for (const rule of row.params) {
    const entry = findEntry(p.params, rule.names);
    if (!entry) continue;
    const [name, value] = entry;
    setting = `${name}=${value}`;
    meaning = rule.values[normaliseValue(value)] ?? rule.otherValue ?? {
      verdict: "none",
      reason: `unrecognised ${name} value '${value}': encryption is not guaranteed`,
    };
    break;
  }
  if (!meaning) {
    for (const imp of row.implied ?? []) {
      const entry = findEntry(p.params, imp.names);
      if (entry && imp.when.includes(normaliseValue(entry[1]))) {
        meaning = imp.meaning;
        setting = `${entry[0]}=${entry[1]}`;
      }
    }
  }
  meaning ??= (scheme && row.schemeDefaults?.[scheme]) || row.default;
  let { verdict, reason } = meaning;
  let downgradedBy: string | null = null;
  if (verdict === "verified") {
    for (const d of row.downgrades) {
      const entry = findEntry(p.params, d.names);
      if (entry && d.when.includes(normaliseValue(entry[1]))) {
        verdict = "encrypted-unverified";
        reason = `${d.reason} (overrides: ${reason})`;
        downgradedBy = `${entry[0]}=${entry[1]}`;
        break;
      }
    }
  }
  const rootCertImplicit = verdict === "verified" && !rootCert && (row.family === "postgresql" || row.family === "cockroachdb");
  if (rootCertImplicit) reason += "; no sslrootcert: the CA comes from the client's default location (~/.postgresql/root.crt)";
  return { verdict, reason, setting, rootCert, rootCertImplicit, downgradedBy };
}

function findEntry(params: Record<string, string>, names: string[]): [string, string] | null {
  const wanted = new Set(names.map(normaliseName));
  for (const [k, v] of Object.entries(params)) if (wanted.has(normaliseName(k))) return [k, v];
  return null;
}

/** Replaces the password (userinfo, `password=` parameters, key/value and ADO forms) with ****. */
export function redactDsn(dsn: string): string {
  let out = dsn;
  const url = /^((?:jdbc:)?[a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(out);
  if (url) {
    const prefix = url[1] ?? "";
    const rest = url[2] ?? "";
    const q = rest.indexOf("?");
    const auth = q === -1 ? rest : rest.slice(0, q);
    const at = auth.lastIndexOf("@");
    if (at !== -1) {
      const userinfo = auth.slice(0, at);
      const colon = userinfo.indexOf(":");
      if (colon !== -1) out = `${prefix}${userinfo.slice(0, colon + 1)}${REDACTED}${rest.slice(at)}`;
    }
  } else {
    // Go MySQL: user:pass@tcp(…)
    out = out.replace(/^([^:@/\s]*):[^@]*@(tcp6?|unix)\(/, `$1:${REDACTED}@$2(`);
  }
  // Query/key-value/ADO parameters that hold secrets; ADO values run to the next ';' and may hold spaces.
  const secretNames = new Set(SCHEME_ROWS.flatMap((r) => r.secretParams).map(normaliseName));
  const value = parseDsn(dsn)?.form === "ado" ? "[^;]*" : "'(?:[^'\\\\]|\\\\.)*'|[^&;\\s#]*";
  const re = new RegExp(`([?&;\\s]|^)([A-Za-z][\\w .-]*?)(\\s*=\\s*)(${value})`, "g");
  return out.replace(re, (m, sep: string, key: string, eq: string) =>
    secretNames.has(normaliseName(key)) ? `${sep}${key}${eq}${REDACTED}` : m,
  );
}
