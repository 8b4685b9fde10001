// Replaces credential values with shell placeholders ($RAMPART_TOKEN, $RAMPART_ALICE_TOKEN …) in
// everything the HTTP layer records, so reports, evidence and curl lines never carry a secret.
import { boundedMemo } from "../core/bounded-memo.js";
import type { Credential, Identity, ReproduceVariable } from "../core/types.js";
import { wireValue } from "./credentials.js";

export interface Secret {
  /** Text to find. */
  value: string;
  /** What replaces it, e.g. `$RAMPART_TOKEN`. */
  placeholder: string;
}

/** Shorter values are replaced only where the client placed them, not searched for in free text. */
export const MIN_SECRET_LENGTH = 4;

/** Matches any placeholder this module produces. */
export const PLACEHOLDER_PATTERN = /\$RAMPART_[A-Z0-9_]+/g;

function envName(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

// Placeholders by kind, name and label: every request's recorded form asks for its credentials' ones
// (bounded: a long-lived server scans many APIs).
const placeholderOf = boundedMemo((key: string): string => {
  const [kind, name, label] = key.split("\u0000") as [Credential["kind"], string, string];
  return makePlaceholder({ kind, name }, label);
}, 1000);

/** `$RAMPART_TOKEN` for the default identity's bearer token, `$RAMPART_ALICE_X_API_KEY` for alice's header. */
export function placeholderFor(credential: Pick<Credential, "kind" | "name">, label = "default"): string {
  return placeholderOf(`${credential.kind}\u0000${credential.name}\u0000${label}`);
}

function makePlaceholder(credential: Pick<Credential, "kind" | "name">, label: string): string {
  const prefix = label === "default" ? "RAMPART_" : `RAMPART_${envName(label) || "ID"}_`;
  switch (credential.kind) {
    case "bearer":
      return `$${prefix}TOKEN`;
    case "basic":
      return `$${prefix}BASIC`;
    default:
      return `$${prefix}${envName(credential.name) || credential.kind.toUpperCase()}`;
  }
}

/** The encodings under which a value may show up in a URL, form or JSON body. */
function variants(value: string): string[] {
  const out = new Set<string>([value]);
  out.add(encodeURIComponent(value));
  out.add(new URLSearchParams([["", value]]).toString().slice(1));
  out.add(JSON.stringify(value).slice(1, -1));
  return [...out];
}

/**
 * Every searchable form of one credential with its placeholder. Encoded forms share the placeholder of
 * the raw value (the record stays readable; a shell replay of an echoed encoded form is best effort).
 * Basic also yields `…_BASIC_B64` (the header value) and `…_PASSWORD` (the password alone).
 */
export function secretsOfCredential(c: Pick<Credential, "kind" | "name" | "value">, label = "default"): Secret[] {
  const placeholder = placeholderFor(c, label);
  const out: Secret[] = variants(c.value).map((value) => ({ value, placeholder }));
  if (c.kind === "basic") {
    out.push({ value: wireValue(c), placeholder: `${placeholder}_B64` });
    const pass = c.value.slice(c.value.indexOf(":") + 1);
    const passPlaceholder = placeholder.replace(/BASIC$/, "PASSWORD");
    for (const value of variants(pass)) out.push({ value, placeholder: passPlaceholder });
  }
  return out;
}

/** Every searchable form of one secret value under one placeholder (tokens and passwords of login flows). */
export function secretsOfValue(value: string, placeholder: string): Secret[] {
  return variants(value).map((v) => ({ value: v, placeholder }));
}

/** All secrets of all identities, longest first so a value never half-replaces a longer one. */
export function secretsOf(identities: readonly Identity[]): Secret[] {
  const all = identities.flatMap((id) => id.credentials.flatMap((c) => secretsOfCredential(c, id.label)));
  return sortSecrets(all);
}

export function sortSecrets(secrets: readonly Secret[]): Secret[] {
  const seen = new Set<string>();
  return secrets
    .filter((s) => s.value.length >= MIN_SECRET_LENGTH && !seen.has(s.value) && (seen.add(s.value), true))
    .sort((a, b) => b.value.length - a.value.length);
}

/**
 * Finds every secret of a list in one pass over a text, whatever the number of secrets: each secret is
 * filed under a hash of its first MIN_SECRET_LENGTH characters, and the text's windows of that length are
 * hashed as it is read; only a window whose hash is filed is compared. A scan can collect thousands of
 * secrets (every random wrong credential a check sends is one), where one search per secret, or one
 * regular expression of all of them, costs per request what the list has grown to.
 */
class SecretMatcher {
  private readonly filed = new Uint8Array(1 << 16);
  private readonly buckets = new Map<number, Secret[]>();
  private readonly values = new Set<string>();
  // A few secrets (the usual case) are found faster by one regular expression, made again when one is added.
  private pattern: { find: RegExp; replace: RegExp; placeholderOf: Map<string, string> } | null = null;

  constructor(secrets: readonly Secret[]) {
    for (const s of secrets) this.add(s);
  }

  get size(): number {
    return this.values.size;
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Files a secret; at one position the longest value wins, then the first filed. */
  add(s: Secret): void {
    if (s.value.length < MIN_SECRET_LENGTH || this.values.has(s.value)) return;
    this.values.add(s.value);
    this.pattern = null;
    const h = windowHash(s.value, 0);
    this.filed[h] = 1;
    const bucket = this.buckets.get(h);
    if (!bucket) return void this.buckets.set(h, [s]);
    const at = bucket.findIndex((b) => b.value.length < s.value.length);
    bucket.splice(at === -1 ? bucket.length : at, 0, s);
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    if (this.values.size <= FEW_SECRETS) {
      const p = (this.pattern ??= this.compile());
      return p.find.test(text) ? text.replace(p.replace, (found) => p.placeholderOf.get(found) ?? found) : text;
    }
    let parts: string[] | null = null;
    let copied = 0;
    const last = text.length - MIN_SECRET_LENGTH;
    scan: for (let i = 0; i <= last; i++) {
      const h = windowHash(text, i);
      if (this.filed[h] === 0) continue;
      for (const s of this.buckets.get(h) ?? []) {
        if (!text.startsWith(s.value, i)) continue;
        (parts ??= []).push(text.slice(copied, i), s.placeholder);
        copied = i + s.value.length;
        i = copied - 1;
        continue scan;
      }
    }
    if (!parts) return text;
    parts.push(text.slice(copied));
    return parts.join("");
  }

  /** Alternatives longest first, so the longest value wins at a position, as in the buckets. */
  private compile(): { find: RegExp; replace: RegExp; placeholderOf: Map<string, string> } {
    const placeholderOf = new Map<string, string>();
    for (const bucket of this.buckets.values()) for (const s of bucket) placeholderOf.set(s.value, s.placeholder);
    const source = [...this.buckets.values()]
      .flat()
      .sort((a, b) => b.value.length - a.value.length)
      .map((s) => s.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|");
    return { find: new RegExp(source), replace: new RegExp(source, "g"), placeholderOf };
  }
}

/** Up to this many secrets, one regular expression; beyond, the hashed windows. */
const FEW_SECRETS = 16;

/** A 16-bit hash of the MIN_SECRET_LENGTH characters at `i`. */
function windowHash(text: string, i: number): number {
  return (((text.charCodeAt(i) * 31 + text.charCodeAt(i + 1)) * 31 + text.charCodeAt(i + 2)) * 31 + text.charCodeAt(i + 3)) & 0xffff;
}

// One matcher per list, made on first use (callers hand the same list to every redaction of a request).
const matchers = new WeakMap<readonly Secret[], SecretMatcher>();

function matcherFor(secrets: readonly Secret[]): SecretMatcher {
  let m = matchers.get(secrets);
  if (!m) matchers.set(secrets, (m = new SecretMatcher(secrets)));
  return m;
}

/**
 * The secrets of one scan, a list that only grows: a value added later is filed into the same matcher
 * (and appended to `all`, the list the scan hands to redactKnownSecrets), nothing is rebuilt.
 */
export class SecretList {
  readonly all: Secret[];
  private readonly matcher: SecretMatcher;

  constructor(initial: readonly Secret[]) {
    this.all = sortSecrets(initial);
    this.matcher = matcherFor(this.all);
  }

  /** Adds the values not known yet. */
  add(more: readonly Secret[]): void {
    for (const s of more) {
      if (s.value.length < MIN_SECRET_LENGTH || this.matcher.has(s.value)) continue;
      this.all.push(s);
      this.matcher.add(s);
    }
  }
}

/** Replaces every occurrence of every known secret value (at one position, the longest value). */
export function redactKnownSecrets(text: string, secrets: readonly Secret[]): string {
  if (secrets.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
  return matcherFor(secrets).redact(text);
}

/** Same, over a header map; the same map when nothing in it is secret. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly Secret[]): Record<string, string> {
  if (secrets.length === 0) return headers;
  let out: Record<string, string> | null = null;
  for (const k in headers) {
    const v = headers[k] as string;
    const r = redactKnownSecrets(v, secrets);
    if (r !== v) {
      out ??= { ...headers };
      out[k] = r;
    }
  }
  return out ?? headers;
}

const KIND_TEXT: Readonly<Record<Credential["kind"], string>> = {
  bearer: "bearer token",
  basic: "basic credentials (user:password)",
  header: "value of the header",
  query: "value of the query parameter",
  cookie: "value of the cookie",
};

/** What each identity placeholder holds and, when the value came from the environment, how to set it. */
export function identityVariables(identities: readonly Identity[], origin = "given with --auth"): ReproduceVariable[] {
  const out: ReproduceVariable[] = [];
  for (const id of identities) {
    for (const c of id.credentials) {
      const variable = placeholderFor(c, id.label).slice(1);
      const named = c.kind === "header" || c.kind === "query" || c.kind === "cookie" ? ` ${c.name}` : "";
      const holds = `${KIND_TEXT[c.kind]}${named} of identity "${id.label}" (${origin})`;
      out.push(c.env ? { variable, holds, set: `export ${variable}="$${c.env}"` } : { variable, holds });
      if (c.kind === "basic") {
        out.push({ variable: `${variable}_B64`, holds: `base64 of ${variable}`, set: `export ${variable}_B64="$(printf %s "$${variable}" | base64)"` });
        const pass = variable.replace(/BASIC$/, "PASSWORD");
        out.push({ variable: pass, holds: `password part of ${variable}`, set: `export ${pass}="\${${variable}#*:}"` });
      }
    }
  }
  return out;
}
