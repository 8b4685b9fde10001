// Builds one outgoing request twice: the wire form (real credentials) and the recorded form
// (placeholders), so a secret never has to be scrubbed back out of a record.
import type { HttpRequestInput } from "../core/check.js";
import { PolicyError } from "../core/errors.js";
import type { Credential, HttpMethod, Identity } from "../core/types.js";
import { attachCredentials, wireValue } from "./credentials.js";
import { placeholderFor, redactHeaders, redactKnownSecrets, type Secret } from "./redact.js";

type CredentialLike = Pick<Credential, "kind" | "name" | "value"> & { redact?: boolean; as?: { variable: string } };

export interface PreparedRequest {
  method: HttpMethod;
  /** Wire URL and headers, credentials attached. */
  url: URL;
  headers: Record<string, string>;
  /** Headers before credentials were attached (the base for a redirect hop). */
  draftHeaders: Record<string, string>;
  body: string | null;
  recordedUrl: string;
  recordedHeaders: Record<string, string>;
  recordedBody: string | null;
  /** Identity label whose credentials were attached, or null. */
  identity: string | null;
  credentials: readonly CredentialLike[];
  label: string;
  overridden: boolean;
}

/** `/users` → base URL + path (the base may carry a path); absolute URLs are taken as they are. */
export function resolveUrl(raw: string, baseUrl: string): URL {
  // Most requests name an http(s) URL: told apart without a regex.
  if (raw.startsWith("http://") || raw.startsWith("https://") || SCHEME.test(raw)) return new URL(raw);
  const path = raw.startsWith("/") ? raw : `/${raw}`;
  return new URL((baseUrl.endsWith("/") ? baseUrl.replace(/\/+$/, "") : baseUrl) + path);
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** `$RAMPART_X` survives URL encoding as `%24RAMPART_X`; turn it back so the record is readable. */
export function recordUrl(url: URL, secrets: readonly Secret[]): string {
  const href = url.href;
  return redactKnownSecrets(href.includes("%24RAMPART_") ? href.replace(/%24RAMPART_/g, "$RAMPART_") : href, secrets);
}

function defaultContentType(body: string): string {
  const t = body.trimStart();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      JSON.parse(body);
      return "application/json";
    } catch {
      // not JSON: plain text
    }
  }
  return "text/plain; charset=utf-8";
}

export interface PrepareOptions {
  baseUrl: string;
  targetOrigin: string;
  identities: readonly Identity[];
  userAgent: string;
  secrets: readonly Secret[];
}

/** Resolves URL and query, lower-cases headers, sets the User-Agent, and attaches credentials for the target origin only. */
export function prepareRequest(req: HttpRequestInput, opts: PrepareOptions): PreparedRequest {
  const method = (req.method ?? "GET").toUpperCase() as HttpMethod;
  let url: URL;
  try {
    url = resolveUrl(req.url, opts.baseUrl);
  } catch {
    throw new PolicyError(`invalid request URL ${JSON.stringify(redactKnownSecrets(req.url, opts.secrets).slice(0, 200))}`);
  }
  if (req.query) for (const [k, v] of Object.entries(req.query)) url.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  if (req.headers) for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers["user-agent"] = opts.userAgent; // operators must always recognise the scanner
  const body = req.body ?? null;
  if (body !== null && headers["content-type"] === undefined) headers["content-type"] = defaultContentType(body);

  let credentials: readonly CredentialLike[] = [];
  let identity: string | null = null;
  let label = "default";
  const overridden = req.credentialsOverride !== undefined;
  if (req.identity) {
    const found = opts.identities.find((i) => i.label === req.identity);
    if (!found) throw new PolicyError(`unknown identity "${req.identity}"`);
    identity = found.label;
    label = found.label;
    credentials = found.credentials;
  }
  if (req.credentialsOverride) credentials = req.credentialsOverride;
  if (url.origin !== opts.targetOrigin) {
    credentials = []; // never hand credentials to another origin, not even http:// of the same host
    identity = null;
  }
  return finish({ method, url, headers, body, identity, credentials, label, overridden }, opts.secrets);
}

export type Draft = Pick<PreparedRequest, "method" | "url" | "headers" | "body" | "identity" | "credentials" | "label" | "overridden">;

// Per-request objects are written out field by field: in this V8, an object spread (`{ ...x }`) that then
// gains or overrides a property takes a slow path costing microseconds per object, every request.

/** A copy of a header map that a credential may then be added to. */
export function copyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) out[k] = headers[k]!;
  return out;
}

/** A prepared request's draft with other URL, method, headers and body (a redirect hop, a renewed token). */
export function redraft(p: Draft, change: Partial<Pick<Draft, "method" | "url" | "headers" | "body">>): Draft {
  return {
    method: change.method ?? p.method,
    url: change.url ?? p.url,
    headers: change.headers ?? p.headers,
    body: change.body !== undefined ? change.body : p.body,
    identity: p.identity,
    credentials: p.credentials,
    label: p.label,
    overridden: p.overridden,
  };
}

/** Attaches credentials to a draft (again for each redirect hop) and produces both forms. */
export function finish(draft: Draft, secrets: readonly Secret[]): PreparedRequest {
  // Copies only where credentials will write: the URL for a query credential, the headers for the others
  // (nothing mutates a prepared request afterwards, so both forms may share what no credential touches).
  let inUrl = false;
  let inHeaders = false;
  for (const c of draft.credentials) {
    if (c.kind === "query") inUrl = true;
    else inHeaders = true;
  }
  const wire = { headers: inHeaders ? copyHeaders(draft.headers) : draft.headers, url: inUrl ? new URL(draft.url) : draft.url };
  const rec = { headers: inHeaders ? copyHeaders(draft.headers) : draft.headers, url: inUrl ? new URL(draft.url) : draft.url };
  attachCredentials(wire, draft.credentials, wireValue);
  attachCredentials(rec, draft.credentials, (c) => {
    const named = (c as CredentialLike).as?.variable;
    if (named) return `$${named}`;
    // Forged or tampered credentials sent by checks are evidence; user secrets and cracked ones are not.
    return draft.overridden && !(c as CredentialLike).redact ? wireValue(c) : placeholderFor(c, draft.overridden ? "override" : draft.label);
  });
  return {
    method: draft.method,
    url: wire.url,
    headers: wire.headers,
    draftHeaders: draft.headers,
    body: draft.body,
    recordedUrl: recordUrl(rec.url, secrets),
    recordedHeaders: redactHeaders(rec.headers, secrets),
    recordedBody: draft.body === null ? null : redactKnownSecrets(draft.body, secrets),
    identity: draft.identity,
    credentials: draft.credentials,
    label: draft.label,
    overridden: draft.overridden,
  };
}
