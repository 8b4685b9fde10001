// Splits a connection string into parts without judging it. Forms: URL (`scheme://user:pass@h1:p1,h2/db?k=v`,
// also `jdbc:` and `+driver` variants), libpq key=value (`host=… sslmode=…`), ADO.NET (`Host=…;SSL Mode=…`)
// and Go MySQL (`user:pass@tcp(host:3306)/db?tls=true`). WHATWG URL is not used: it rejects host lists.

export interface ParsedDsn {
  form: "url" | "keyvalue" | "ado" | "go-mysql";
  /** Scheme as written (lower case, without `://`), e.g. `postgresql+asyncpg`, `jdbc:mysql`; null for key/value forms. */
  scheme: string | null;
  hosts: { host: string; port: number | null }[];
  user: string | null;
  password: string | null;
  database: string | null;
  /** Parameters as written (keys as written, values URL-decoded). */
  params: Record<string, string>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, "%20"));
  } catch {
    return s;
  }
}

function decodeUserinfo(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseHostList(list: string): { host: string; port: number | null }[] {
  if (!list) return [];
  return list.split(",").map((h) => {
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(h) ?? /^([^:]*)(?::(\d+))?$/.exec(h);
    if (!m) return { host: decodeUserinfo(h), port: null };
    return { host: decodeUserinfo(m[1] ?? ""), port: m[2] ? Number(m[2]) : null };
  });
}

function parseQuery(q: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of q.split(/[&;]/)) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const k = decode(eq === -1 ? part : part.slice(0, eq));
    out[k] = eq === -1 ? "" : decode(part.slice(eq + 1));
  }
  return out;
}

const URL_RE = /^((?:jdbc:)?[a-z][a-z0-9+.-]*):\/\/(.*)$/is;

export function parseUrlDsn(dsn: string): ParsedDsn | null {
  const m = URL_RE.exec(dsn.trim());
  if (!m) return null;
  const scheme = (m[1] ?? "").toLowerCase();
  let rest = m[2] ?? "";
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const qIdx = rest.indexOf("?");
  const query = qIdx === -1 ? "" : rest.slice(qIdx + 1);
  const beforeQuery = qIdx === -1 ? rest : rest.slice(0, qIdx);
  // Passwords sometimes carry an unencoded '@' or '/': the authority ends at the first '/' after the last '@'.
  const at = beforeQuery.lastIndexOf("@");
  const userinfo = at === -1 ? null : beforeQuery.slice(0, at);
  const afterAt = at === -1 ? beforeQuery : beforeQuery.slice(at + 1);
  const slash = afterAt.indexOf("/");
  const hostPart = slash === -1 ? afterAt : afterAt.slice(0, slash);
  const path = slash === -1 ? "" : afterAt.slice(slash + 1);
  let user: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(":");
    user = decodeUserinfo(colon === -1 ? userinfo : userinfo.slice(0, colon)) || null;
    password = colon === -1 ? null : decodeUserinfo(userinfo.slice(colon + 1));
  }
  const params = parseQuery(query);
  const hosts = parseHostList(hostPart);
  // libpq URLs may name the host (or a unix socket directory) in the query instead.
  const qHost = findParam(params, ["host"]);
  if (hosts.length === 0 && qHost) hosts.push(...parseHostList(qHost));
  return {
    form: "url",
    scheme,
    hosts,
    user: user ?? findParam(params, ["user", "username"]),
    password: password ?? findParam(params, ["password"]),
    database: decodeUserinfo(path.split("/")[0] ?? "") || findParam(params, ["dbname", "database"]),
    params,
  };
}

/** libpq key=value: values may be single-quoted with backslash escapes. */
export function parseKeyValueDsn(dsn: string): ParsedDsn | null {
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s']*))/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(dsn)) !== null) {
    params[(m[1] ?? "").toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
    consumed = re.lastIndex;
  }
  if (dsn.slice(consumed).trim() !== "" || Object.keys(params).length < 2) return null;
  if (!("host" in params || "hostaddr" in params || "dbname" in params)) return null;
  const host = params.host ?? params.hostaddr ?? null;
  const port = params.port ? Number(params.port) : null;
  return {
    form: "keyvalue",
    scheme: null,
    hosts: host ? host.split(",").map((h) => ({ host: h, port: Number.isFinite(port) ? port : null })) : [],
    user: params.user ?? null,
    password: params.password ?? null,
    database: params.dbname ?? null,
    params,
  };
}

/** ADO.NET style `Key=Value;Key=Value` (Npgsql, MySqlConnector). */
export function parseAdoDsn(dsn: string): ParsedDsn | null {
  if (!dsn.includes(";") || !dsn.includes("=")) return null;
  const params: Record<string, string> = {};
  for (const part of dsn.split(";")) {
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    params[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  const host = params.host ?? params.server ?? params["data source"] ?? null;
  if (!host || !(params.database || params.username || params["user id"] || params.uid || params.password || params.pwd)) return null;
  const port = params.port ? Number(params.port) : null;
  return {
    form: "ado",
    scheme: null,
    hosts: host.split(",").map((h) => ({ host: h.trim(), port: Number.isFinite(port) ? port : null })),
    user: params.username ?? params["user id"] ?? params.uid ?? params.user ?? null,
    password: params.password ?? params.pwd ?? null,
    database: params.database ?? params["initial catalog"] ?? null,
    params,
  };
}

const GO_MYSQL_RE = /^([^:@/\s]*)(?::([^@]*))?@(tcp6?|unix)\(([^)]*)\)\/([^?\s]*)(?:\?(\S*))?$/;

export function parseGoMysqlDsn(dsn: string): ParsedDsn | null {
  const m = GO_MYSQL_RE.exec(dsn.trim());
  if (!m) return null;
  const addr = m[4] ?? "";
  const hosts = m[3] === "unix" ? [{ host: addr, port: null }] : parseHostList(addr);
  return {
    form: "go-mysql",
    scheme: null,
    hosts,
    user: m[1] || null,
    password: m[2] ?? null,
    database: m[5] || null,
    params: parseQuery(m[6] ?? ""),
  };
}

export function parseDsn(dsn: string): ParsedDsn | null {
  return parseUrlDsn(dsn) ?? parseGoMysqlDsn(dsn) ?? parseKeyValueDsn(dsn) ?? parseAdoDsn(dsn);
}

/** Looks a parameter up by normalised name (case, `-`, `_`, spaces ignored). */
export function findParam(params: Record<string, string>, names: string[]): string | null {
  const wanted = new Set(names.map(normaliseName));
  for (const [k, v] of Object.entries(params)) if (wanted.has(normaliseName(k))) return v;
  return null;
}

export function normaliseName(k: string): string {
  return k.toLowerCase().replace(/[-_\s]/g, "");
}
