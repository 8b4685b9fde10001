// The whole product `rampart serve` runs: buildServer() with every hook filled — the target guard (always on;
// --allow-targets narrows it), the identity vault under the secret key, the dashboard's cookie sessions and
// its assets. The CLI, the dogfood test and the server benchmark all start the server through this one call.
import type { FastifyInstance } from "fastify";
import type { ScanStore } from "../store/index.js";
import { buildServer, type ApiRateLimit, type BuildServerOptions } from "./app.js";
import { dashboardPlugin, type DashboardOptions } from "./dashboard.js";
import { IdentityVault } from "./identities.js";
import { identityRoutes } from "./identity-routes.js";
import { loadSecretKey, type Env, type SecretKey } from "./secrets.js";
import { dashboardSession } from "./session-routes.js";
import { createTargetGuard, type AllowRule, type Resolver } from "./target-guard.js";
import { TokenService } from "./tokens.js";

export interface AssembleOptions {
  store: ScanStore;
  /** Where RAMPART_SECRET_KEY / RAMPART_SECRET_KEY_FILE / XDG_CONFIG_HOME are read from. */
  env: Env;
  https?: BuildServerOptions["https"];
  /** `--allow-targets`: submitted targets must match one entry (link-local and metadata stay refused). */
  allowTargets?: readonly AllowRule[];
  /** Name resolution for the guard (tests script it); default: the system resolver. */
  resolver?: Resolver;
  /** The secret key for stored identities; default loadSecretKey() (env, else a 0600 key file). */
  secretKey?: SecretKey;
  maxConcurrentScans?: number;
  rateLimit?: ApiRateLimit | false;
  dashboard?: DashboardOptions;
  scan?: BuildServerOptions["scan"];
}

export interface AssembledServer {
  app: FastifyInstance;
  /** Where the identity key came from (RAMPART_SECRET_KEY or the key file's path), for the start-up line. */
  keySource: string;
}

/** Builds the server; a bad secret key or key file is an InputError (one line) before anything listens. */
export async function assembleServer(opts: AssembleOptions): Promise<AssembledServer> {
  const key = opts.secretKey ?? loadSecretKey({ env: opts.env, dbPath: opts.store.path });
  const vault = new IdentityVault(opts.store.db, key);
  const tls = Boolean(opts.https);
  const session = dashboardSession({ tls, tokens: new TokenService(opts.store) });
  const app = await buildServer({
    store: opts.store,
    https: opts.https ?? null,
    guard: createTargetGuard({ allow: opts.allowTargets ?? [], ...(opts.resolver ? { resolver: opts.resolver } : {}) }),
    identities: async (target, labels) => vault.authFor(target, labels),
    session: session.authenticate,
    plugins: [session.routes, identityRoutes(vault), dashboardPlugin(opts.dashboard)],
    ...(opts.maxConcurrentScans ? { maxConcurrentScans: opts.maxConcurrentScans } : {}),
    ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.scan ? { scan: opts.scan } : {}),
  });
  return { app, keySource: key.source };
}
