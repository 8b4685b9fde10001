// Dashboard sign-in over the REST API: POST /api/session exchanges an API token for a session cookie,
// GET /api/session tells the page who it is (and its CSRF token), DELETE /api/session signs out.
// The authenticator plugs into the server's auth hook for requests without a bearer token.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest, FastifySchema } from "fastify";
import {
  clearSessionCookie,
  cookieName,
  CSRF_HEADER,
  csrfMatches,
  readCookie,
  sessionCookie,
  SessionStore,
  SignInLimiter,
  type SessionLimits,
  type SignInLimits,
} from "./session.js";

export type Role = "viewer" | "operator" | "admin";

/** Who a request is; the server's auth hook sets `request.principal` from this. */
export interface SessionPrincipal {
  tokenId: string;
  name: string;
  role: Role;
  via: "token" | "session";
}

/** What sessions need of the server's token service: verify a token, look a live one up by its hash. */
type Found = { id: string; name: string; role: Role } | null;
export interface TokenLookup {
  verify(token: string): Found | Promise<Found>;
  table: { byHash(hash: string): Found | Promise<Found> };
}

/** An error the server's error handler turns into `{error, message}` with this status. */
export function httpError(statusCode: 400 | 401 | 403 | 404 | 429, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/** Tokens are stored as their SHA-256 (hex), so a live session re-checks its token by that hash. */
const tokenHash = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** A route schema with the OpenAPI fields (tags, summary, hide) the server's document generator reads. */
export const doc = (schema: Record<string, unknown>): FastifySchema => schema as FastifySchema;

/** Route access for the server's auth hook (`config.access`), typed loosely so this module stands alone. */
export const access = (level: Role | "public"): Record<string, unknown> => ({ access: level });

const errorBody = { type: "object", required: ["error", "message"], properties: { error: { type: "string" }, message: { type: "string" } } } as const;

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const SIGN_IN = "/api/session";

interface Owner {
  tokenId: string;
  /** SHA-256 of the token (as stored): each request re-checks that the token is still live. */
  tokenHash: string;
  name: string;
  role: Role;
}

export interface DashboardSessionOptions {
  tls: boolean;
  tokens: TokenLookup;
  sessions?: SessionLimits;
  signIn?: SignInLimits;
}

export interface DashboardSession {
  /** For the auth hook (`session` of buildServer): null without a live session; throws 403 on a CSRF failure. */
  authenticate: (request: FastifyRequest) => Promise<SessionPrincipal | null>;
  routes: (app: FastifyInstance) => Promise<void>;
  store: SessionStore<Owner>;
}

/** The request's own origin, to compare with an Origin header. */
function ownOrigin(request: FastifyRequest, tls: boolean): string {
  return `${tls ? "https" : "http"}://${request.headers.host ?? ""}`;
}

export function dashboardSession(opts: DashboardSessionOptions): DashboardSession {
  const store = new SessionStore<Owner>(opts.sessions);
  const limiter = new SignInLimiter(opts.signIn);
  const name = cookieName(opts.tls);

  const authenticate = async (request: FastifyRequest): Promise<SessionPrincipal | null> => {
    const path = request.url.split("?")[0];
    if (path === SIGN_IN && request.method === "POST") return null; // signing in (again) needs no old session
    const id = readCookie(request.headers.cookie, name);
    const session = store.get(id);
    if (!session) return null;
    const live = await opts.tokens.table.byHash(session.owner.tokenHash);
    if (!live) {
      store.destroy(id);
      return null; // the token was revoked: so is every session opened with it
    }
    if (!SAFE.has(request.method)) {
      // A cross-site page cannot read the CSRF token, and cannot send a custom header without CORS.
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== ownOrigin(request, opts.tls)) throw httpError(403, `cross-origin request from ${origin} refused`);
      if (!csrfMatches(session, request.headers[CSRF_HEADER])) {
        throw httpError(403, `state-changing requests from the dashboard need the ${CSRF_HEADER} header of the session`);
      }
    }
    return { tokenId: live.id, name: live.name, role: live.role, via: "session" };
  };

  const me = { type: "object", required: ["name", "role", "csrfToken"], properties: { name: { type: "string" }, role: { type: "string" }, csrfToken: { type: "string" } } };

  async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { token: string } }>(
      SIGN_IN,
      {
        config: access("public"),
        schema: doc({
          tags: ["server"],
          summary: "Dashboard sign-in: exchange an API token for a session cookie",
          description: "Sets an HttpOnly, SameSite=Strict cookie; send the returned csrfToken as X-CSRF-Token on state-changing requests. Failed attempts are rate-limited per client address.",
          security: [],
          body: { type: "object", required: ["token"], additionalProperties: false, properties: { token: { type: "string", minLength: 1, maxLength: 512 } } },
          response: { 200: me, 400: errorBody, 401: errorBody, 429: errorBody },
        }),
      },
      async (request, reply) => {
        const wait = limiter.retryAfterSeconds(request.ip);
        if (wait > 0) {
          reply.header("retry-after", String(wait));
          throw httpError(429, `too many failed sign-ins from this address; try again in ${wait} s`);
        }
        const token = request.body.token.trim().replace(/^Bearer\s+/i, "");
        const record = await opts.tokens.verify(token);
        if (!record) {
          limiter.fail(request.ip);
          throw httpError(401, "the token is unknown or revoked");
        }
        limiter.succeed(request.ip);
        store.destroy(readCookie(request.headers.cookie, name)); // a fresh id on every sign-in (no fixation)
        const { id, session } = store.create({ tokenId: record.id, tokenHash: tokenHash(token), name: record.name, role: record.role });
        reply.header("set-cookie", sessionCookie(id, { secure: opts.tls, maxAgeSeconds: store.maxAgeSeconds }));
        return { name: record.name, role: record.role, csrfToken: session.csrfToken };
      },
    );

    app.get(
      SIGN_IN,
      {
        config: access("viewer"),
        schema: doc({ tags: ["server"], summary: "Who is signed in (the dashboard's session)", response: { 200: me, 401: errorBody } }),
      },
      async (request) => {
        const p = (request as unknown as { principal: SessionPrincipal | null }).principal;
        if (!p) throw httpError(401, "not signed in");
        const session = p.via === "session" ? store.get(readCookie(request.headers.cookie, name)) : null;
        return { name: p.name, role: p.role, csrfToken: session?.csrfToken ?? "" };
      },
    );

    app.delete(
      SIGN_IN,
      {
        config: access("public"),
        schema: doc({ tags: ["server"], summary: "Sign out of the dashboard", response: { 204: { type: "null" }, 403: errorBody } }),
      },
      async (request, reply) => {
        // The auth hook already checked the CSRF header when a session cookie came with this request.
        const p = (request as unknown as { principal?: SessionPrincipal | null }).principal;
        if (p?.via === "session") store.destroy(readCookie(request.headers.cookie, name));
        reply.header("set-cookie", clearSessionCookie(opts.tls));
        return reply.code(204).send();
      },
    );
  }

  return { authenticate, routes, store };
}
