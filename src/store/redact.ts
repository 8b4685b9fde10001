// Defence in depth: the engine already redacts report.options, but nothing that looks like a credential
// reaches the database even if a caller passes raw options or a secret leaks into report text.
import { parseAuth, wireValue } from "../http/credentials.js";

const REDACTED = "[redacted]";
/** Option keys whose values are secrets or may embed them. */
const SECRET_KEY = /^(auth|dsn|dsns|env|headers?|cookies?|password|passwd|secret|token|credentials?|api[-_]?key)$/i;
/** Shorter strings would garble unrelated text when scrubbed; such secrets are too weak to matter here. */
const MIN_SECRET_LENGTH = 4;

type Env = Record<string, string | undefined>;

/** `@alice=bearer:abc` → `@alice=bearer:[redacted]`; `env:VAR` references are names, not secrets, and stay. */
export function redactAuthValue(raw: string): string {
  const m = /^(@[^=]+=)?([a-z]+):(.*)$/is.exec(raw);
  if (!m) return REDACTED;
  const label = m[1] ?? "";
  const kind = (m[2] ?? "").toLowerCase();
  const rest = m[3] ?? "";
  if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(rest)) return `${label}${kind}:${rest}`;
  if (kind === "header" || kind === "query" || kind === "cookie") {
    const eq = rest.indexOf("=");
    const name = eq > 0 ? rest.slice(0, eq) : "";
    const value = eq > 0 ? rest.slice(eq + 1) : rest;
    if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return `${label}${kind}:${name}=${value}`;
    return name ? `${label}${kind}:${name}=${REDACTED}` : `${label}${kind}:${REDACTED}`;
  }
  return `${label}${kind}:${REDACTED}`;
}

/** Replaces the password of a URL-shaped DSN; anything unparsable is redacted whole. */
export function redactDsn(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = "redacted";
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|key|token/i.test(key)) u.searchParams.set(key, "redacted");
    }
    return u.toString();
  } catch {
    return REDACTED;
  }
}

/** A copy of scan options fit for storage: credentials out, env dropped, the rest kept. */
export function sanitizeOptions(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!SECRET_KEY.test(key)) {
      out[key] = sanitizeNested(value);
      continue;
    }
    const lower = key.toLowerCase();
    if (lower === "env") continue;
    const list = Array.isArray(value) ? value : [value];
    if (lower === "auth") out[key] = list.map((v) => (typeof v === "string" ? redactAuthValue(v) : REDACTED));
    else if (lower === "dsn" || lower === "dsns") out[key] = list.map((v) => (typeof v === "string" ? redactDsn(v) : REDACTED));
    else out[key] = REDACTED;
  }
  return out;
}

function sanitizeNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitizeNested);
  if (value && typeof value === "object") return sanitizeOptions(value as Record<string, unknown>);
  return value;
}

/** The literal secret strings carried by raw options (auth values, env-resolved, and DSN passwords). */
export function collectSecrets(options: Record<string, unknown>, fallbackEnv: Env = process.env): string[] {
  const env = (options.env as Env | undefined) ?? fallbackEnv;
  const secrets = new Set<string>();
  const add = (s: string): void => {
    if (s.length >= MIN_SECRET_LENGTH) secrets.add(s);
  };
  const auth = Array.isArray(options.auth) ? options.auth : [];
  for (const raw of auth) {
    if (typeof raw !== "string") continue;
    try {
      for (const identity of parseAuth([raw], env)) {
        for (const c of identity.credentials) {
          add(c.value);
          add(wireValue(c));
          // A basic password alone may show up too (e.g. echoed in a form).
          if (c.kind === "basic") add(c.value.slice(c.value.indexOf(":") + 1));
        }
      }
    } catch {
      // Unparsable: the scan refuses it anyway; scrub the raw text after any label and kind.
      add(raw.replace(/^@[^=]*=/, "").replace(/^[a-z]+:/i, ""));
    }
  }
  const dsns = [options.dsn, options.dsns].flatMap((d) => (Array.isArray(d) ? d : d ? [d] : []));
  for (const dsn of dsns) {
    if (typeof dsn !== "string") continue;
    try {
      add(decodeURIComponent(new URL(dsn).password));
    } catch {
      add(dsn);
    }
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** Deep copy of a JSON value with every occurrence of each secret replaced. */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return secrets.reduce((s, secret) => s.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[walk(k) as string] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
