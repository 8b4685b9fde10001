// A login API with RS256 tokens and a public JWKS, for the authentication-abuse checks. Each option
// opens one flaw: enumeration (login and reset answers differ for known and unknown accounts), noLockout
// (unlimited wrong attempts; the hardened twin answers 429 after five per client), keyConfusion (HS256
// verified with the public key PEM), kidInjection (a `kid` path that reaches /dev/null means an empty
// HMAC key), embeddedJwk (a key in the token header is trusted), jku (the key set is fetched over HTTP
// from the token's `jku` URL and trusted; `"own"` is the hardened twin that fetches only its own issuer URL;
// `"fetch-only"` fetches any jku but verifies with its own key anyway), x5u (the certificate at the token's
// `x5u` URL is fetched and its key trusted).
import { createHmac, createPublicKey, createSign, createVerify, generateKeyPairSync, timingSafeEqual, X509Certificate, type KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { json, type Handler } from "../helpers/fixture-server.js";

export interface AuthAbuseOptions {
  enumeration?: boolean;
  noLockout?: boolean;
  keyConfusion?: boolean;
  kidInjection?: boolean;
  embeddedJwk?: boolean;
  jku?: "any" | "own" | "fetch-only";
  x5u?: boolean;
}

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const KID = "key-2026";
const USERS: Record<string, { id: number; email: string; password: string; role: string }> = {
  alice: { id: 1, email: "alice@example.com", password: "correct horse battery", role: "user" },
  bob: { id: 2, email: "bob@example.com", password: "tr0ub4dor&3", role: "user" },
};

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export function issue(username: string): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: "RS256", typ: "JWT", kid: KID })}.${b64({ sub: String(USERS[username]!.id), preferred_username: username, email: USERS[username]!.email, iat: now, exp: now + 3600 })}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
}

function part(s: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function hmacOk(input: string, sig: string, key: string): boolean {
  const want = createHmac("sha256", key).update(input).digest();
  const got = Buffer.from(sig, "base64url");
  return got.length === want.length && timingSafeEqual(got, want);
}

function rsaOk(input: string, sig: string, key: KeyObject): boolean {
  return createVerify("RSA-SHA256").update(input).verify(key, Buffer.from(sig, "base64url"));
}

/** The key named by `kid` in the JWKS fetched from `url`, or null (a real HTTP fetch, as jku-trusting libraries do). */
async function keyFromJku(url: string, kid: unknown, fetches: string[]): Promise<KeyObject | null> {
  fetches.push(url);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const doc = (await res.json()) as { keys?: (import("node:crypto").JsonWebKey & { kid?: string })[] };
    const jwk = doc.keys?.find((k) => k.kid === kid);
    if (!jwk) return null;
    const { kid: _kid, ...material } = jwk;
    return createPublicKey({ key: material, format: "jwk" });
  } catch {
    return null;
  }
}

/** The public key of the PEM certificate fetched from `url`, or null. */
async function keyFromX5u(url: string, fetches: string[]): Promise<KeyObject | null> {
  fetches.push(url);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return new X509Certificate(await res.text()).publicKey;
  } catch {
    return null;
  }
}

async function verify(token: string, opts: AuthAbuseOptions, origin: string, jkus: { seen: string[]; fetched: string[] }): Promise<Record<string, unknown> | null> {
  const [h, p, s] = token.split(".");
  if (!h || !p || s === undefined) return null;
  const header = part(h);
  const claims = part(p);
  if (!header || !claims) return null;
  const input = `${h}.${p}`;
  let ok = false;
  if (header["alg"] === "HS256") {
    const kid = String(header["kid"] ?? "");
    // The lax verifier reads the key named by kid from disk: a traversal to /dev/null reads "".
    if (opts.kidInjection && kid.includes("../") && kid.endsWith("/dev/null")) ok = hmacOk(input, s, "");
    else if (opts.keyConfusion) ok = hmacOk(input, s, publicKey.export({ type: "spki", format: "pem" }).toString());
  } else if (header["alg"] === "RS256") {
    const jwk = header["jwk"];
    const jku = typeof header["jku"] === "string" ? header["jku"] : null;
    const x5u = typeof header["x5u"] === "string" ? header["x5u"] : null;
    if (x5u) jkus.seen.push(x5u);
    const ownJku = `${origin}/.well-known/jwks.json`;
    if (jku) jkus.seen.push(jku);
    if (jwk && typeof jwk === "object" && opts.embeddedJwk) ok = rsaOk(input, s, createPublicKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" }));
    else if (x5u && opts.x5u) {
      const key = await keyFromX5u(x5u, jkus.fetched);
      ok = key !== null && rsaOk(input, s, key);
    } else if (jku && (opts.jku === "any" || (opts.jku === "own" && jku === ownJku))) {
      const key = await keyFromJku(jku, header["kid"], jkus.fetched);
      ok = key !== null && rsaOk(input, s, key);
    } else {
      if (jku && opts.jku === "fetch-only") await keyFromJku(jku, header["kid"], jkus.fetched);
      ok = rsaOk(input, s, publicKey);
    }
  }
  if (!ok || (typeof claims["exp"] === "number" && claims["exp"] < Date.now() / 1000)) return null;
  return claims;
}

export const authAbuseSpec = {
  openapi: "3.0.3",
  info: { title: "Accounts", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
  security: [{ bearer: [] }],
  paths: {
    "/auth/login": {
      post: {
        security: [],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["username", "password"], properties: { username: { type: "string" }, password: { type: "string", format: "password" } } } } } },
        responses: { "200": { description: "token" }, "401": { description: "refused" } },
      },
    },
    "/auth/forgot-password": {
      post: {
        security: [],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email" } } } } } },
        responses: { "202": { description: "sent" } },
      },
    },
    "/me": { get: { responses: { "200": { description: "me" } } } },
    "/orders": { get: { responses: { "200": { description: "orders" } } } },
  },
};

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const LIMIT = 5;

export function authAbuseApp(opts: AuthAbuseOptions = {}): {
  handler: Handler;
  attempts: { login: number; reset: number };
  /** `jku` and `x5u` URLs in the tokens the API verified, and those it fetched. */
  jku: { seen: string[]; fetched: string[] };
} {
  const attempts = { login: 0, reset: 0 };
  const jku = { seen: [] as string[], fetched: [] as string[] };
  let failures = 0;
  let resets = 0;
  const handler: Handler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/.well-known/jwks.json") {
      return json(res, 200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid: KID, use: "sig", alg: "RS256" }] });
    }
    if (url.pathname === "/auth/login" && req.method === "POST") {
      attempts.login++;
      if (!opts.noLockout && failures >= LIMIT) return json(res, 429, { error: "too many attempts" }, { "retry-after": "60" });
      const b = await body(req);
      const user = USERS[String(b["username"])];
      if (user && user.password === b["password"]) return json(res, 200, { access_token: issue(String(b["username"])), token_type: "bearer" });
      failures++;
      if (opts.enumeration && !user) return json(res, 404, { error: "no such user" });
      return json(res, 401, { error: opts.enumeration ? "wrong password" : "invalid username or password" });
    }
    if (url.pathname === "/auth/forgot-password" && req.method === "POST") {
      attempts.reset++;
      if (!opts.noLockout && ++resets > LIMIT) return json(res, 429, { error: "too many requests" }, { "retry-after": "60" });
      const email = String((await body(req))["email"]);
      const known = Object.values(USERS).some((u) => u.email === email);
      if (opts.enumeration && !known) return json(res, 404, { error: `no account for ${email}` });
      return json(res, 202, { message: "If the account exists, we sent a reset link." });
    }
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const claims = token ? await verify(token, opts, `http://${req.headers.host ?? "127.0.0.1"}`, jku) : null;
    if (!claims) return json(res, 401, { error: "unauthorized" }, { "www-authenticate": "Bearer" });
    const user = Object.entries(USERS).find(([, u]) => String(u.id) === claims["sub"]);
    if (url.pathname === "/me") return json(res, 200, { id: user?.[1].id, username: user?.[0], email: user?.[1].email, role: user?.[1].role });
    if (url.pathname === "/orders") return json(res, 200, [{ id: 7, owner: claims["sub"], item: "widget", total: 25 }]);
    return json(res, 404, { error: "not found" });
  };
  return { handler, attempts, jku };
}
