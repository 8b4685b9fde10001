// Parses `--auth` values into identities and attaches credentials to an outgoing request.
// Error messages name the argument's position, the label or an environment variable, never a value.
import { InputError } from "../core/errors.js";
import type { Credential, CredentialKind, Identity } from "../core/types.js";

export type Env = Record<string, string | undefined>;

export const AUTH_FORMS =
  "bearer:<token>, header:<Name>=<value>, query:<name>=<value>, basic:<user>:<pass> or cookie:<name>=<value> " +
  "(optionally prefixed with @label=, values may be env:VAR)";

const KINDS: readonly CredentialKind[] = ["bearer", "header", "query", "basic", "cookie"];
const LABEL = /^@([A-Za-z0-9][A-Za-z0-9_-]{0,31})=(.*)$/s;
const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;
const ENV_PREFIX = /^env:([A-Za-z_][A-Za-z0-9_]*):(.*)$/s;
/** RFC 9110 token characters: header and cookie names. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CONTROL = /[\r\n\0]/;

function bad(position: number, problem: string): InputError {
  return new InputError(`--auth #${position}: ${problem}; expected ${AUTH_FORMS}`);
}

function fromEnv(name: string, env: Env, position: number): string {
  const value = env[name];
  if (value === undefined) throw new InputError(`--auth #${position}: environment variable ${name} is not set`);
  if (value === "") throw new InputError(`--auth #${position}: environment variable ${name} is empty`);
  return value;
}

/** Resolves a whole `env:VAR` reference; anything else is a literal. */
function resolve(value: string, env: Env, position: number): string {
  const ref = ENV_REF.exec(value);
  return ref?.[1] ? fromEnv(ref[1], env, position) : value;
}

function splitPair(rest: string, kind: string, position: number): [string, string] {
  const eq = rest.indexOf("=");
  if (eq <= 0) throw bad(position, `${kind} needs <name>=<value>`);
  return [rest.slice(0, eq), rest.slice(eq + 1)];
}

function checkValue(value: string, kind: string, position: number): string {
  if (value === "") throw bad(position, `${kind} value is empty`);
  if (CONTROL.test(value)) throw bad(position, `${kind} value contains a line break or NUL`);
  return value;
}

function parseBasic(rest: string, env: Env, position: number): string {
  let user: string;
  let pass: string;
  const whole = ENV_REF.exec(rest);
  const prefixed = ENV_PREFIX.exec(rest);
  if (whole?.[1]) {
    const resolved = fromEnv(whole[1], env, position);
    const colon = resolved.indexOf(":");
    if (colon < 0) throw bad(position, `environment variable ${whole[1]} must hold <user>:<pass>`);
    user = resolved.slice(0, colon);
    pass = resolved.slice(colon + 1);
  } else if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) {
    user = fromEnv(prefixed[1], env, position);
    pass = resolve(prefixed[2], env, position);
  } else {
    const colon = rest.indexOf(":");
    if (colon < 0) throw bad(position, "basic needs <user>:<pass>");
    user = rest.slice(0, colon);
    pass = resolve(rest.slice(colon + 1), env, position);
  }
  if (user === "") throw bad(position, "basic user is empty");
  if (user.includes(":")) throw bad(position, "basic user may not contain ':'");
  return checkValue(`${user}:${pass}`, "basic", position);
}

/** The variable named by a whole `env:VAR` value, kept so a reproduce line can say where the secret lives. */
function envOf(value: string): { env?: string } {
  const name = ENV_REF.exec(value)?.[1];
  return name ? { env: name } : {};
}

function parseCredential(spec: string, env: Env, position: number): Credential {
  const colon = spec.indexOf(":");
  const kind = (colon > 0 ? spec.slice(0, colon).toLowerCase() : "") as CredentialKind;
  if (!KINDS.includes(kind)) throw bad(position, "unknown credential kind");
  const rest = spec.slice(colon + 1);
  switch (kind) {
    case "bearer": {
      const token = resolve(rest, env, position).trim().replace(/^bearer\s+/i, "");
      return { kind, name: "Authorization", value: checkValue(token, "bearer", position), ...envOf(rest) };
    }
    case "basic":
      return { kind, name: "Authorization", value: parseBasic(rest, env, position), ...envOf(rest) };
    case "header":
    case "cookie":
    case "query": {
      const [name, raw] = splitPair(rest, kind, position);
      if (kind !== "query" && !TOKEN.test(name)) throw bad(position, `${kind} name has invalid characters`);
      if (kind === "query" && CONTROL.test(name)) throw bad(position, "query name contains a line break");
      const value = checkValue(resolve(raw, env, position), kind, position);
      if (kind === "cookie" && /[;,\s]/.test(value)) throw bad(position, "cookie value may not contain ';', ',' or spaces");
      return { kind, name, value, ...envOf(raw) };
    }
  }
}

/** Which request slot a credential occupies: two credentials in one identity may not share it. */
function slotOf(c: Credential): string {
  if (c.kind === "bearer" || c.kind === "basic") return "header:authorization";
  if (c.kind === "header") return `header:${c.name.toLowerCase()}`;
  return `${c.kind}:${c.name}`;
}

/** `--auth` values → identities. Several values with one label merge; no label = `default`. */
export function parseAuth(values: readonly string[], env: Env = {}): Identity[] {
  const byLabel = new Map<string, Identity>();
  values.forEach((raw, index) => {
    const position = index + 1;
    let label = "default";
    let spec = raw.trim();
    if (spec.startsWith("@")) {
      const m = LABEL.exec(spec);
      if (!m?.[1] || m[2] === undefined) throw bad(position, "label must be @name= with letters, digits, '-' or '_'");
      label = m[1].toLowerCase();
      spec = m[2];
    }
    // A whole-value env reference holds a complete credential (`--auth env:API_AUTH`).
    const whole = ENV_REF.exec(spec);
    if (whole?.[1]) spec = fromEnv(whole[1], env, position).trim();
    const credential = parseCredential(spec, env, position);
    const identity = byLabel.get(label) ?? { label, credentials: [] };
    const slot = slotOf(credential);
    if (identity.credentials.some((c) => slotOf(c) === slot)) {
      throw new InputError(`--auth #${position}: identity "${label}" already has a credential for ${slot.replace(":", " ")}`);
    }
    identity.credentials.push(credential);
    byLabel.set(label, identity);
  });
  return [...byLabel.values()];
}

/** Where credentials go: mutable header map (lower-case names) and URL. */
export interface CredentialTarget {
  headers: Record<string, string>;
  url: URL;
}

/** The wire form of a credential value (basic is base64 of user:pass). */
export function wireValue(c: Pick<Credential, "kind" | "value">): string {
  return c.kind === "basic" ? Buffer.from(c.value, "utf8").toString("base64") : c.value;
}

/**
 * Attaches credentials; `valueOf` yields what to write (the secret on the wire, a placeholder in the record).
 * Header and bearer/basic replace a same-named header; cookies are appended to an existing Cookie header.
 */
export function attachCredentials(
  target: CredentialTarget,
  credentials: readonly Pick<Credential, "kind" | "name" | "value">[],
  valueOf: (c: Pick<Credential, "kind" | "name" | "value">) => string,
): void {
  for (const c of credentials) {
    const value = valueOf(c);
    switch (c.kind) {
      case "bearer":
        target.headers["authorization"] = `Bearer ${value}`;
        break;
      case "basic":
        target.headers["authorization"] = `Basic ${value}`;
        break;
      case "header":
        target.headers[c.name.toLowerCase()] = value;
        break;
      case "query":
        target.url.searchParams.set(c.name, value);
        break;
      case "cookie": {
        const existing = target.headers["cookie"];
        target.headers["cookie"] = existing ? `${existing}; ${c.name}=${value}` : `${c.name}=${value}`;
        break;
      }
    }
  }
}
