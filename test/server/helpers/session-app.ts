// A Fastify app with the dashboard's session routes, assets and identity routes, an auth hook of the
// server's shape (bearer token or session, `config.access`), and tokens kept as SHA-256 like the server's.
import { createHash, randomBytes } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { dashboardPlugin, type DashboardOptions } from "../../../src/server/dashboard.js";
import { identityRoutes } from "../../../src/server/identity-routes.js";
import type { IdentityVault } from "../../../src/server/identities.js";
import { access, dashboardSession, type DashboardSession, type Role, type SessionPrincipal, type TokenLookup } from "../../../src/server/session-routes.js";

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const sha = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");

export class MemoryTokens implements TokenLookup {
  private readonly byHashMap = new Map<string, { id: string; name: string; role: Role; revoked: boolean }>();
  create(role: Role, name: string = role): { id: string; token: string } {
    const token = `rmp_${randomBytes(32).toString("base64url")}`;
    const id = `tok_${randomBytes(4).toString("hex")}`;
    this.byHashMap.set(sha(token), { id, name, role, revoked: false });
    return { id, token };
  }
  revoke(id: string): void {
    for (const r of this.byHashMap.values()) if (r.id === id) r.revoked = true;
  }
  verify(token: string) {
    return this.table.byHash(sha(token));
  }
  readonly table = {
    byHash: (hash: string) => {
      const r = this.byHashMap.get(hash);
      return r && !r.revoked ? { id: r.id, name: r.name, role: r.role } : null;
    },
  };
}

export interface SessionApp {
  app: FastifyInstance;
  tokens: MemoryTokens;
  session: DashboardSession;
}

export async function sessionApp(opts: { tls?: boolean; assets?: DashboardOptions; vault?: IdentityVault } = {}): Promise<SessionApp> {
  const tokens = new MemoryTokens();
  const session = dashboardSession({ tls: opts.tls ?? false, tokens });
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false } } }); // as the server: unknown fields are refused
  app.decorateRequest("principal", null);
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
    const status = error.validation ? 400 : (error.statusCode ?? 500);
    return reply.code(status).send({ error: String(status), message: error.message });
  });
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const need = ((request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.["access"] as Role | "public" | undefined) ?? "public";
    const header = request.headers.authorization;
    let principal: SessionPrincipal | null = null;
    if (header) {
      const r = tokens.verify(header.replace(/^Bearer\s+/i, ""));
      if (!r) throw Object.assign(new Error("the bearer token is unknown or revoked"), { statusCode: 401 });
      principal = { tokenId: r.id, name: r.name, role: r.role, via: "token" };
    } else {
      principal = await session.authenticate(request);
    }
    (request as unknown as { principal: SessionPrincipal | null }).principal = principal;
    if (need === "public") return;
    if (!principal) throw Object.assign(new Error("sign in first"), { statusCode: 401 });
    if (RANK[principal.role] < RANK[need]) throw Object.assign(new Error(`needs ${need}`), { statusCode: 403 });
  });
  await app.register(session.routes);
  await app.register(dashboardPlugin(opts.assets));
  if (opts.vault) await app.register(identityRoutes(opts.vault));
  // A state-changing route of the operator role, to exercise CSRF.
  app.post("/api/echo", { config: access("operator") }, async (request) => ({ ok: true, by: (request as unknown as { principal: SessionPrincipal }).principal.via }));
  return { app, tokens, session };
}
