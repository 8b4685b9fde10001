// Replaces credential values with shell placeholders ($RAMPART_TOKEN, $RAMPART_ALICE_TOKEN …) in
// everything the HTTP layer records, so reports, evidence and curl lines never carry a secret.
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

/** `$RAMPART_TOKEN` for the default identity's bearer token, `$RAMPART_ALICE_X_API_KEY` for alice's header. */
export function placeholderFor(credential: Pick<Credential, "kind" | "name">, label = "default"): string {
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

/** One pattern for every secret of a list (in the list's order, so the longest value wins where several start). */
interface SecretMatcher {
  find: RegExp;
  replace: RegExp;
  placeholderOf: Map<string, string>;
}

// A scan keeps its secret list until a credential is added: one matcher per list, made on first use, so a
// body is read once whatever the number of secrets and forms, not once per form.
const matchers = new WeakMap<readonly Secret[], SecretMatcher | null>();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function matcherFor(secrets: readonly Secret[]): SecretMatcher | null {
  let m = matchers.get(secrets);
  if (m !== undefined) return m;
  const placeholderOf = new Map<string, string>();
  for (const s of secrets) {
    if (s.value.length >= MIN_SECRET_LENGTH && !placeholderOf.has(s.value)) placeholderOf.set(s.value, s.placeholder);
  }
  if (placeholderOf.size === 0) m = null;
  else {
    const source = [...placeholderOf.keys()].map(escapeRegex).join("|");
    m = { find: new RegExp(source), replace: new RegExp(source, "g"), placeholderOf };
  }
  matchers.set(secrets, m);
  return m;
}

/** Replaces every occurrence of every known secret value (the first listed value wins at a position). */
export function redactKnownSecrets(text: string, secrets: readonly Secret[]): string {
  if (secrets.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
  const m = matcherFor(secrets);
  if (!m || !m.find.test(text)) return text;
  return text.replace(m.replace, (found) => m.placeholderOf.get(found) ?? found);
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
