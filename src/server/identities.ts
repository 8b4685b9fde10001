// Identities stored per target for authenticated server scans. Secrets are sealed (AES-256-GCM, see
// secrets.ts) and write-only: listing shows labels, kinds and header/cookie names, never a value. A scan
// gets them back as `--auth` strings, which the engine, store and reports already redact.
import type Database from "better-sqlite3";
import { sqliteIdentityRows, type IdentityRepository, type SealedIdentityRow } from "../store/index.js";
import { InputError } from "../core/errors.js";
import { parseAuth } from "../http/credentials.js";
import { targetKey } from "../store/target.js";
import { seal, unseal, type SecretKey } from "./secrets.js";

export const IDENTITY_KINDS = ["bearer", "header", "basic", "cookie"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** One credential as submitted. Which fields a kind needs: see FIELDS. */
export interface CredentialInput {
  kind: IdentityKind;
  token?: string;
  name?: string;
  value?: string;
  username?: string;
  password?: string;
}

export interface IdentityInput {
  label: string;
  credentials: CredentialInput[];
}

/** What the API may show about a stored identity. */
export interface IdentitySummary {
  target: string;
  label: string;
  credentials: { kind: IdentityKind; name: string | null }[];
  keyId: string;
  createdAt: string;
  updatedAt: string;
}

/** Secret and public fields per kind, and how each becomes an `--auth` value. */
const FIELDS: Record<IdentityKind, { secret: readonly (keyof CredentialInput)[]; named: boolean; auth: (c: Required<CredentialInput>) => string }> = {
  bearer: { secret: ["token"], named: false, auth: (c) => `bearer:${c.token}` },
  header: { secret: ["value"], named: true, auth: (c) => `header:${c.name}=${c.value}` },
  basic: { secret: ["username", "password"], named: false, auth: (c) => `basic:${c.username}:${c.password}` },
  cookie: { secret: ["value"], named: true, auth: (c) => `cookie:${c.name}=${c.value}` },
};

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CONTROL = /[\r\n\0]/;

function fieldError(field: string, problem: string): InputError {
  return new InputError(`${field}: ${problem}`);
}

/** Checks one credential and returns its `--auth` value; errors name the field, never the value. */
function toAuthValue(c: CredentialInput, at: string): string {
  const spec = FIELDS[c.kind as IdentityKind];
  if (!spec) throw fieldError(`${at}.kind`, `must be one of ${IDENTITY_KINDS.join(", ")}`);
  if (spec.named && (typeof c.name !== "string" || !TOKEN.test(c.name))) {
    throw fieldError(`${at}.name`, `a ${c.kind} needs a name of token characters (e.g. X-API-Key, session)`);
  }
  for (const f of spec.secret) {
    const v = c[f];
    if (typeof v !== "string" || v === "") throw fieldError(`${at}.${f}`, `a ${c.kind} credential needs ${f}`);
    if (CONTROL.test(v)) throw fieldError(`${at}.${f}`, "contains a line break or NUL");
    // `env:VAR` means "read the server's environment" in --auth: a stored value must never do that.
    if (v.startsWith("env:")) throw fieldError(`${at}.${f}`, "may not begin with env: (store the value itself)");
  }
  if (c.kind === "basic" && (c.username as string).includes(":")) throw fieldError(`${at}.username`, "may not contain ':'");
  if (c.kind === "basic" && c.username === "env") throw fieldError(`${at}.username`, "'env' is reserved");
  if (c.kind === "cookie" && /[;,\s]/.test(c.value as string)) throw fieldError(`${at}.value`, "a cookie value may not contain ';', ',' or spaces");
  return spec.auth(c as Required<CredentialInput>);
}

function authValues(input: IdentityInput): string[] {
  if (typeof input.label !== "string" || !LABEL.test(input.label)) {
    throw fieldError("label", "1–32 letters, digits, '-' or '_', starting with a letter or digit");
  }
  if (!Array.isArray(input.credentials) || input.credentials.length === 0) throw fieldError("credentials", "at least one credential");
  const label = input.label.toLowerCase();
  const values = input.credentials.map((c, i) => `@${label}=${toAuthValue(c, `credentials[${i}]`)}`);
  try {
    parseAuth(values, {}); // the engine's own parser: same slots rule, same forms
  } catch (e) {
    const m = /^--auth #(\d+): (.*)$/s.exec((e as Error).message);
    throw m ? fieldError(`credentials[${Number(m[1]) - 1}]`, m[2] as string) : fieldError("credentials", (e as Error).message);
  }
  return values;
}

/** Additional authenticated data: a sealed identity only opens for the target and label it was stored for. */
const contextOf = (key: string, label: string) => `rampart identity v1\n${key}\n${label}`;

export class IdentityVault {
  private readonly rows: IdentityRepository;
  /** Rows in the store contract (any backend), or an open SQLite database (the embedded store's). */
  constructor(
    rows: IdentityRepository | Database.Database,
    private readonly key: SecretKey,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.rows = "prepare" in rows ? sqliteIdentityRows(rows) : rows;
  }

  /** Stores or replaces an identity; returns only its public summary. */
  async put(target: string, input: IdentityInput): Promise<IdentitySummary> {
    const values = authValues(input);
    const key = targetKey(target);
    const label = input.label.toLowerCase();
    const summary = input.credentials.map((c) => ({ kind: c.kind, name: FIELDS[c.kind].named ? (c.name as string) : null }));
    const at = this.now().toISOString();
    await this.rows.put({
      targetKey: key,
      label,
      summary: JSON.stringify(summary),
      sealed: seal(this.key, JSON.stringify(values), contextOf(key, label)),
      keyId: this.key.id,
      createdAt: at,
      updatedAt: at,
    });
    return (await this.summary(target, label)) as IdentitySummary;
  }

  async list(target: string): Promise<IdentitySummary[]> {
    return (await this.rows.list(targetKey(target))).map(toSummary);
  }

  async summary(target: string, label: string): Promise<IdentitySummary | null> {
    const row = await this.row(target, label);
    return row ? toSummary(row) : null;
  }

  async remove(target: string, label: string): Promise<boolean> {
    return this.rows.remove(targetKey(target), label.toLowerCase());
  }

  /**
   * The `--auth` values for a scan of `target` with these labels (for ScanOptions.auth, with `env: {}`).
   * An unknown label is an InputError naming it; a record that does not open is a SecretKeyError.
   */
  async authFor(target: string, labels: readonly string[]): Promise<string[]> {
    const values: string[] = [];
    for (const label of labels) {
      const row = await this.row(target, label);
      if (!row) throw new InputError(`identity "${label}" is not stored for ${targetKey(target)}`);
      const text = unseal(this.key, row.sealed, contextOf(row.targetKey, row.label), `identity "${row.label}" of ${row.targetKey}`);
      values.push(...(JSON.parse(text) as string[]));
    }
    return values;
  }

  private row(target: string, label: string): Promise<SealedIdentityRow | null> {
    return this.rows.get(targetKey(target), label.toLowerCase());
  }
}

function toSummary(row: SealedIdentityRow): IdentitySummary {
  return {
    target: row.targetKey,
    label: row.label,
    credentials: JSON.parse(row.summary) as IdentitySummary["credentials"],
    keyId: row.keyId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
