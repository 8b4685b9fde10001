// Access control for /api: a bearer token (or a dashboard session, via the hook) with a role at least the
// route's. Routes outside /api are public unless they say otherwise (the dashboard's own pages are static).
import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./errors.js";
import type { Principal, RouteAccess, SessionAuthenticator } from "./context.js";
import { roleAllows, type TokenService } from "./tokens.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function routeAccess(request: FastifyRequest): RouteAccess {
  const declared = request.routeOptions.config?.access;
  if (declared) return declared;
  const url = request.routeOptions.url ?? request.url;
  if (!url.startsWith("/api/") && url !== "/api") return "public";
  return SAFE_METHODS.has(request.method) ? "viewer" : "operator";
}

/** `Bearer <token>` → the token; anything else → null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

export function authHook(tokens: TokenService, session: SessionAuthenticator | null) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    request.principal = null;
    const access = routeAccess(request);
    const header = request.headers.authorization;
    let principal: Principal | null = null;
    if (header !== undefined) {
      const token = bearerToken(header);
      const record = token ? await tokens.verify(token) : null;
      if (!record) {
        // A wrong token is refused even on public routes: the caller believes it is authenticated.
        reply.header("WWW-Authenticate", 'Bearer realm="rampart", error="invalid_token"');
        throw new ApiError(401, "the bearer token is unknown or revoked");
      }
      principal = { tokenId: record.id, name: record.name, role: record.role, via: "token" };
    } else if (session) {
      principal = await session(request);
    }
    request.principal = principal;
    if (access === "public") return;
    if (!principal) {
      reply.header("WWW-Authenticate", 'Bearer realm="rampart"');
      throw new ApiError(401, "this route needs Authorization: Bearer <token> (create one with `rampart tokens create`)");
    }
    if (!roleAllows(principal.role, access)) {
      throw new ApiError(403, `this route needs the ${access} role; the ${principal.via} has ${principal.role}`);
    }
  };
}
