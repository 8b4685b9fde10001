// Runs one identity's declared login: an optional CSRF fetch, the login request or OAuth2 grant, and
// the token read from the answer. Every request goes through a sender the HTTP layer provides, which
// allows exactly the declared requests in safe mode and records them redacted.
import { InputError } from "../core/errors.js";
import type { Credential } from "../core/types.js";
import { decodeJwt } from "../patterns/tokens.js";
import { fragmentTokens } from "../spec/pointer.js";
import { placeholderFor, secretsOfValue, type Secret } from "../http/redact.js";
import {
  splitRequestLine,
  type CsrfDeclaration,
  type LoginDeclaration,
  type LoginRequestDeclaration,
  type OAuth2Declaration,
} from "./declaration.js";

export interface LoginHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface LoginHttpResponse {
  status: number;
  /** Lower-case names; repeated headers (set-cookie) joined by "\n". */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one declared request (redirects not followed). `requestSecrets` are hidden in the record of the
 * request; `responseSecrets` names the secrets of the raw answer so the record never holds them.
 * A network failure rejects with a one-line message.
 */
export type LoginSend = (
  req: LoginHttpRequest,
  requestSecrets: readonly Secret[],
  responseSecrets: (res: LoginHttpResponse) => Secret[],
) => Promise<LoginHttpResponse>;

export type Env = Record<string, string | undefined>;

export class LoginError extends InputError {
  constructor(label: string, problem: string) {
    super(`login for identity "${label}" failed: ${problem}`);
    this.name = "LoginError";
  }
}

/** A declaration with its env references resolved and the requests it may send. */
export interface ResolvedLogin {
  label: string;
  declaration: LoginDeclaration;
  /** Values taken from the environment, as secrets with placeholders named after their fields. */
  secrets: Secret[];
  /** Every request this flow may send (method + absolute URL without query): all the HTTP layer allows. */
  declared: { method: string; url: string }[];
}

export interface LoginResult {
  credential: Credential;
  /** Epoch ms after which the token is no longer accepted, when the answer says so. */
  expiresAt: number | null;
  refreshToken: string | null;
}

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;
/** Where a JSON login answer usually keeps its token, when the declaration names none. */
const USUAL_TOKEN_POINTERS = ["/access_token", "/accessToken", "/token", "/jwt", "/id_token", "/data/access_token", "/data/token", "/auth/token"];

/** Resolves `env:VAR` strings throughout a declaration; every resolved value becomes a secret. */
export function resolveLogin(label: string, declaration: LoginDeclaration, env: Env, baseUrl: string): ResolvedLogin {
  const secrets: Secret[] = [];
  const walk = (value: unknown, field: string): unknown => {
    if (typeof value === "string") {
      const ref = ENV_REF.exec(value.trim());
      if (!ref?.[1]) return value;
      const resolved = env[ref[1]];
      if (resolved === undefined || resolved === "") {
        throw new LoginError(label, `environment variable ${ref[1]} (for ${field}) is not set`);
      }
      secrets.push(...secretsOfValue(resolved, placeholderFor({ kind: "header", name: field }, label)));
      return resolved;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, field));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  const resolved = walk(declaration, "login") as LoginDeclaration;
  const declared: ResolvedLogin["declared"] = [];
  const add = (line: string, method: "GET" | "POST") => {
    const r = splitRequestLine(line, method);
    declared.push({ method: r.method, url: absoluteUrl(r.target, baseUrl, label) });
  };
  if ("login" in resolved) {
    add(resolved.login.request, "POST");
    if (resolved.login.csrf) add(resolved.login.csrf.request, "GET");
  } else {
    add(`POST ${resolved.oauth2.tokenUrl}`, "POST");
  }
  return { label, declaration: resolved, secrets, declared };
}

function absoluteUrl(target: string, baseUrl: string, label: string): string {
  try {
    const url = /^https?:\/\//i.test(target)
      ? new URL(target)
      : new URL(baseUrl.replace(/\/+$/, "") + (target.startsWith("/") ? target : `/${target}`));
    url.hash = "";
    return url.toString();
  } catch {
    throw new LoginError(label, `request URL ${JSON.stringify(target.slice(0, 200))} is not valid`);
  }
}

/** Key of a declared request: method and URL without query (the HTTP layer matches on this). */
export function declaredKey(method: string, url: string): string {
  const u = new URL(url);
  return `${method.toUpperCase()} ${u.origin}${u.pathname}`;
}

// ---------------------------------------------------------------- reading answers

interface SetCookie {
  name: string;
  value: string;
  maxAgeS: number | null;
  expires: number | null;
}

function setCookies(headers: Record<string, string>): SetCookie[] {
  const raw = headers["set-cookie"];
  if (!raw) return [];
  return raw.split("\n").flatMap((line) => {
    const [pair = "", ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return [];
    let maxAgeS: number | null = null;
    let expires: number | null = null;
    for (const a of attrs) {
      const [k = "", v = ""] = a.split("=").map((x) => x.trim());
      if (/^max-age$/i.test(k) && /^-?\d+$/.test(v)) maxAgeS = Number(v);
      if (/^expires$/i.test(k) && !Number.isNaN(Date.parse(v))) expires = Date.parse(v);
    }
    return [{ name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), maxAgeS, expires }];
  });
}

function jsonAt(body: string, pointer: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return undefined;
  }
  const tokens = fragmentTokens(pointer) ?? [];
  for (const t of tokens) {
    if (data === null || typeof data !== "object") return undefined;
    data = (data as Record<string, unknown>)[t];
  }
  return data;
}

/** A hidden field or meta tag of an HTML page: `<input name="csrf" value="…">`, `<meta name="csrf-token" content="…">`. */
function htmlField(body: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const tag of body.match(/<(?:input|meta)\b[^>]*>/gi) ?? []) {
    if (!new RegExp(`\\bname\\s*=\\s*["']?${esc}["'\\s/>]`, "i").test(tag)) continue;
    const m = /\b(?:value|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const v = m?.[1] ?? m?.[2] ?? m?.[3];
    if (v) return v;
  }
  return undefined;
}

/** The value a `body:/p`, `header:N`, `cookie:n` or `html:f` source names in an answer. */
export function readSource(source: string, res: LoginHttpResponse): string | undefined {
  const colon = source.indexOf(":");
  const kind = source.slice(0, colon).toLowerCase();
  const name = source.slice(colon + 1);
  let found: unknown;
  if (kind === "body") {
    const pointers = name ? [name] : USUAL_TOKEN_POINTERS;
    for (const p of pointers) {
      found = jsonAt(res.body, p);
      if (typeof found === "string" && found) break;
    }
  } else if (kind === "header") found = res.headers[name.toLowerCase()];
  else if (kind === "cookie") found = setCookies(res.headers).find((c) => c.name === name)?.value;
  else if (kind === "html") found = htmlField(res.body, name);
  if (typeof found === "number") found = String(found);
  if (typeof found !== "string") return undefined;
  const text = found.trim().replace(/^bearer\s+/i, "");
  return text === "" ? undefined : text;
}

/** Epoch ms a token stops being accepted: JWT exp, else expires_in, else the cookie's lifetime, else the declared one. */
function expiryOf(token: string, res: LoginHttpResponse, cookieName: string | null, declaredS: number | undefined, now: number): number | null {
  const exp = decodeJwt(token)?.payload["exp"];
  if (typeof exp === "number" && Number.isFinite(exp)) return exp * 1000;
  const expiresIn = jsonAt(res.body, "/expires_in") ?? jsonAt(res.body, "/expiresIn");
  const seconds = typeof expiresIn === "number" ? expiresIn : typeof expiresIn === "string" ? Number(expiresIn) : NaN;
  if (Number.isFinite(seconds) && seconds > 0) return now + seconds * 1000;
  if (cookieName) {
    const c = setCookies(res.headers).find((x) => x.name === cookieName);
    if (c?.maxAgeS && c.maxAgeS > 0) return now + c.maxAgeS * 1000;
    if (c?.expires) return c.expires;
  }
  return declaredS ? now + declaredS * 1000 : null;
}

/** `invalid_grant` and the like (RFC 6749 §5.2): a fixed vocabulary, safe to show. */
function oauthErrorCode(body: string): string | null {
  const code = jsonAt(body, "/error");
  return typeof code === "string" && /^[a-z_]{3,40}$/.test(code) ? code : null;
}

function statusProblem(req: LoginHttpRequest, res: LoginHttpResponse): string {
  const code = oauthErrorCode(res.body);
  const hint = res.status === 401 || res.status === 403 ? " (check the credentials)" : "";
  return `${req.method} ${new URL(req.url).pathname} answered ${res.status}${code ? ` ${code}` : ""}${hint}`;
}

/** Parses `bearer` / `header:N` / `cookie:n` / `query:n` into a credential holding `value`. */
function credentialFor(send: string, value: string): Credential {
  const colon = send.indexOf(":");
  const kind = (colon < 0 ? send : send.slice(0, colon)).toLowerCase();
  const name = colon < 0 ? "Authorization" : send.slice(colon + 1);
  if (kind === "header" || kind === "cookie" || kind === "query") return { kind, name, value };
  return { kind: "bearer", name: "Authorization", value };
}

// ---------------------------------------------------------------- the flows

function cookieHeader(cookies: readonly SetCookie[]): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

function cookieSecrets(cookies: readonly SetCookie[], label: string): Secret[] {
  return cookies.flatMap((c) => secretsOfValue(c.value, placeholderFor({ kind: "cookie", name: c.name }, label)));
}

async function fetchCsrf(
  label: string,
  csrf: CsrfDeclaration,
  baseUrl: string,
  send: LoginSend,
  secrets: readonly Secret[],
): Promise<{ value: string; cookies: SetCookie[] }> {
  const { method, target } = splitRequestLine(csrf.request, "GET");
  const req: LoginHttpRequest = { method, url: absoluteUrl(target, baseUrl, label), headers: { accept: "text/html,application/json" }, body: null };
  const res = await send(req, secrets, (r) => cookieSecrets(setCookies(r.headers), label));
  if (res.status >= 400) throw new LoginError(label, `CSRF token request ${statusProblem(req, res)}`);
  const value = readSource(csrf.token, res);
  if (!value) throw new LoginError(label, `no CSRF token at ${csrf.token} in the answer of ${method} ${new URL(req.url).pathname}`);
  return { value, cookies: setCookies(res.headers) };
}

function encodeBody(login: LoginRequestDeclaration, extra: Record<string, string>): { body: string | null; type: string | null } {
  if (login.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...login.form, ...extra })) params.append(k, String(v));
    return { body: params.toString(), type: "application/x-www-form-urlencoded" };
  }
  if (login.json || Object.keys(extra).length) return { body: JSON.stringify({ ...login.json, ...extra }), type: "application/json" };
  return { body: null, type: null };
}

async function requestLogin(r: ResolvedLogin, login: LoginRequestDeclaration, baseUrl: string, send: LoginSend, now: () => number): Promise<LoginResult> {
  const headers: Record<string, string> = { accept: "application/json" };
  for (const [k, v] of Object.entries(login.headers ?? {})) headers[k.toLowerCase()] = v;
  const extra: Record<string, string> = {};
  let carried: SetCookie[] = [];
  if (login.csrf) {
    const csrf = await fetchCsrf(r.label, login.csrf, baseUrl, send, r.secrets);
    carried = csrf.cookies;
    const colon = login.csrf.send.indexOf(":");
    const how = login.csrf.send.slice(0, colon).toLowerCase();
    const name = login.csrf.send.slice(colon + 1);
    if (how === "header") headers[name.toLowerCase()] = csrf.value;
    else extra[name] = csrf.value;
    if (carried.length) headers["cookie"] = cookieHeader(carried);
  }
  const { body, type } = encodeBody(login, extra);
  if (type) headers["content-type"] = type;
  const { method, target } = splitRequestLine(login.request, "POST");
  const req: LoginHttpRequest = { method, url: absoluteUrl(target, baseUrl, r.label), headers, body };
  const source = login.token ?? "body:";
  const sendAs = login.send ?? (source.toLowerCase().startsWith("cookie:") ? source : "bearer");
  let token: string | undefined;
  const res = await send(req, [...r.secrets, ...cookieSecrets(carried, r.label)], (raw) => {
    token = raw.status < 400 ? readSource(source, raw) : undefined;
    const out = cookieSecrets(setCookies(raw.headers), r.label);
    if (token) out.push(...secretsOfValue(token, placeholderFor(credentialFor(sendAs, token), r.label)));
    return out;
  });
  if (res.status >= 400) throw new LoginError(r.label, statusProblem(req, res));
  if (!token) throw new LoginError(r.label, `${method} ${new URL(req.url).pathname} answered ${res.status} without a token at ${source === "body:" ? "the usual body fields (access_token, token, jwt …)" : source}`);
  const cookieName = source.toLowerCase().startsWith("cookie:") ? source.slice(7) : null;
  return { credential: credentialFor(sendAs, token), expiresAt: expiryOf(token, res, cookieName, login.expiresIn, now()), refreshToken: null };
}

async function tokenRequest(
  r: ResolvedLogin,
  o: OAuth2Declaration,
  fields: Record<string, string>,
  baseUrl: string,
  send: LoginSend,
  extraSecrets: readonly Secret[],
  now: () => number,
): Promise<LoginResult> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/x-www-form-urlencoded" };
  const params = new URLSearchParams(fields);
  if (o.clientAuth === "body" || !o.clientSecret) {
    params.set("client_id", o.clientId);
    if (o.clientSecret) params.set("client_secret", o.clientSecret);
  } else {
    const basic = Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString("base64");
    headers["authorization"] = `Basic ${basic}`;
  }
  const secrets = [...r.secrets, ...extraSecrets];
  if (headers["authorization"]) secrets.push(...secretsOfValue(headers["authorization"].slice(6), placeholderFor({ kind: "basic", name: "Authorization" }, r.label)));
  const req: LoginHttpRequest = { method: "POST", url: absoluteUrl(o.tokenUrl, baseUrl, r.label), headers, body: params.toString() };
  let token: string | undefined;
  let refresh: string | undefined;
  const res = await send(req, secrets, (raw) => {
    if (raw.status >= 400) return [];
    token = readSource("body:/access_token", raw);
    refresh = readSource("body:/refresh_token", raw);
    const out: Secret[] = [];
    if (token) out.push(...secretsOfValue(token, placeholderFor({ kind: "bearer", name: "Authorization" }, r.label)));
    if (refresh) out.push(...secretsOfValue(refresh, placeholderFor({ kind: "header", name: "refresh_token" }, r.label)));
    return out;
  });
  if (res.status >= 400) throw new LoginError(r.label, statusProblem(req, res));
  if (!token) throw new LoginError(r.label, `token endpoint answered ${res.status} without an access_token`);
  return {
    credential: { kind: "bearer", name: "Authorization", value: token },
    expiresAt: expiryOf(token, res, null, undefined, now()),
    refreshToken: refresh ?? null,
  };
}

function grantFields(o: OAuth2Declaration): Record<string, string> {
  const fields: Record<string, string> = { grant_type: o.grant };
  if (o.grant === "password") {
    fields["username"] = o.username ?? "";
    fields["password"] = o.password ?? "";
  }
  if (o.scope) fields["scope"] = o.scope;
  if (o.audience) fields["audience"] = o.audience;
  return fields;
}

/** Logs in from scratch. Throws LoginError (naming the identity) when the flow fails. */
export async function performLogin(r: ResolvedLogin, baseUrl: string, send: LoginSend, now: () => number = Date.now): Promise<LoginResult> {
  const d = r.declaration;
  if ("login" in d) return requestLogin(r, d.login, baseUrl, send, now);
  return tokenRequest(r, d.oauth2, grantFields(d.oauth2), baseUrl, send, [], now);
}

/** Renews with an OAuth2 refresh token; the caller falls back to performLogin when this throws. */
export async function refreshLogin(r: ResolvedLogin, refreshToken: string, baseUrl: string, send: LoginSend, now: () => number = Date.now): Promise<LoginResult> {
  const d = r.declaration;
  if (!("oauth2" in d)) throw new LoginError(r.label, "only OAuth2 logins have refresh tokens");
  const fields: Record<string, string> = { grant_type: "refresh_token", refresh_token: refreshToken };
  if (d.oauth2.scope) fields["scope"] = d.oauth2.scope;
  const known = secretsOfValue(refreshToken, placeholderFor({ kind: "header", name: "refresh_token" }, r.label));
  const result = await tokenRequest(r, d.oauth2, fields, baseUrl, send, known, now);
  // Servers that do not rotate refresh tokens answer without one: keep the old.
  return { ...result, refreshToken: result.refreshToken ?? refreshToken };
}
