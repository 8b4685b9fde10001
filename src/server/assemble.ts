// The whole product `rampart serve` runs: buildServer() with every hook filled — the target guard (always on;
// --allow-targets narrows it), the identity vault under the secret key, the dashboard's cookie sessions and
// its assets. The CLI, the dogfood test and the server benchmark all start the server through this one call.
import type { FastifyInstance } from "fastify";
import { asRampartStore, defaultDbPath, type RampartStore, type ScanStore } from "../store/index.js";
import { buildServer, type ApiRateLimit, type BuildServerOptions, type MonitoringOptions } from "./app.js";
import { dashboardPlugin, type DashboardOptions } from "./dashboard.js";
import { IdentityVault } from "./identities.js";
import { identityRoutes } from "./identity-routes.js";
import { loadSecretKey, type Env, type SecretKey } from "./secrets.js";
import { dashboardSession } from "./session-routes.js";
import { createTargetGuard, type AllowRule, type Resolver } from "./target-guard.js";
import { TokenService } from "./tokens.js";
import type { WebhookPluginOptions } from "./routes/webhooks.js";
import { mailSettings } from "./webhook-setup.js";

export interface AssembleOptions {
  /** The store contract (SQLite or PostgreSQL), or the CLI's SQLite ScanStore. */
  store: RampartStore | ScanStore;
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
  /** Submitted scans go to the PostgreSQL job queue (src/queue) instead of this process's runner queue. */
  dispatch?: BuildServerOptions["dispatch"];
  /** `--callback-host` (validated): where the scans this server runs listen for the target's fetches. */
  callbackHost?: string | null;
  /** Monitor runs go to the same job queue. */
  monitorQueue?: BuildServerOptions["monitorQueue"];
  queueWaiting?: BuildServerOptions["queueWaiting"];
  /** `--min-interval`, `--public-url`; tests also shorten the jitter bound and the scheduler's tick. */
  monitoring?: MonitoringOptions;
  /** Webhook sender settings (tests shorten retries and polling); the key, guard resolver and SMTP relay are filled in. */
  webhooks?: Partial<WebhookPluginOptions>;
  /** Lines for stderr (dead-lettered deliveries, sender errors, scheduler failures). */
  log?: (line: string) => void;
}

export interface AssembledServer {
  app: FastifyInstance;
  /** Where the identity key came from (RAMPART_SECRET_KEY or the key file's path), for the start-up line. */
  keySource: string;
}

/** Builds the server; a bad secret key or key file is an InputError (one line) before anything listens. */
export async function assembleServer(opts: AssembleOptions): Promise<AssembledServer> {
  const store = asRampartStore(opts.store);
  // The key file may not sit beside a SQLite file; a PostgreSQL store has no directory here to keep it out of.
  const dbPath = store.kind === "sqlite" ? store.location : defaultDbPath({ env: opts.env });
  const key = opts.secretKey ?? loadSecretKey({ env: opts.env, dbPath });
  const vault = new IdentityVault(store.identities, key);
  const tls = Boolean(opts.https);
  const session = dashboardSession({ tls, tokens: new TokenService(store) });
  // Webhook URLs and secrets are sealed under the same key; e-mail endpoints need RAMPART_SMTP_URL.
  const mail = await mailSettings(opts.env);
  const app = await buildServer({
    store,
    https: opts.https ?? null,
    guard: createTargetGuard({ allow: opts.allowTargets ?? [], ...(opts.resolver ? { resolver: opts.resolver } : {}) }),
    identities: async (target, labels) => vault.authFor(target, labels),
    session: session.authenticate,
    plugins: [session.routes, identityRoutes(vault), dashboardPlugin(opts.dashboard)],
    ...(opts.maxConcurrentScans ? { maxConcurrentScans: opts.maxConcurrentScans } : {}),
    ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.scan ? { scan: opts.scan } : {}),
    ...(opts.dispatch ? { dispatch: opts.dispatch } : {}),
    ...(opts.callbackHost ? { callbackHost: opts.callbackHost } : {}),
    ...(opts.monitorQueue ? { monitorQueue: opts.monitorQueue } : {}),
    ...(opts.queueWaiting ? { queueWaiting: opts.queueWaiting } : {}),
    ...(opts.monitoring ? { monitoring: opts.monitoring } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    webhooks: {
      key,
      mail,
      emailEnabled: Boolean(mail),
      ...(opts.resolver ? { resolver: opts.resolver } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...opts.webhooks,
    },
  });
  return { app, keySource: key.source };
}
