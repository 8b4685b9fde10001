// The Fastify app factory of `rampart serve`: REST API under /api (JSON-schema validated, described by the
// OpenAPI 3.1 document generated from the same schemas), token auth, the scan runner, and hook points for
// the target guard, stored identities, dashboard sessions and the dashboard itself.
//
// Plugging in (see docs/server.md): pass `guard` (SSRF rules for submitted URLs), `identities` (stored
// credentials → auth values), `session` (cookie sign-in; enforces CSRF itself) and `plugins` (Fastify
// plugins registered after the API, e.g. the dashboard's static assets at `/` and its session routes).
// Plugins see `app.rampart` (store, runner, tokens) and declare `config.access` on their routes.
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { oneLine } from "../core/errors.js";
import { quietLog } from "../core/quiet-log.js";
import { VERSION } from "../core/version.js";
import { asRampartStore, type RampartStore, type ScanStore } from "../store/index.js";
import { DEFAULT_MAX_JITTER_MS, DEFAULT_MIN_INTERVAL_MS } from "../monitor/schedule.js";
import { MonitorScheduler } from "../monitor/scheduler.js";
import { MonitorService, type MonitorRunQueue } from "../monitor/service.js";
import { authHook } from "./auth.js";
import type { IdentityResolver, ServerContext, ServerPlugin, SessionAuthenticator, TargetGuard } from "./context.js";
import { ApiError, errorSchema, handleError, sendError } from "./errors.js";
import { findingRoutes } from "./routes/findings.js";
import { healthRoutes } from "./routes/health.js";
import { monitorRoutes, monitorSchemas } from "./routes/monitors.js";
import { scanExtraRoutes } from "./routes/scan-extras.js";
import { scanRoutes } from "./routes/scans.js";
import { tokenRoutes } from "./routes/tokens.js";
import { webhookPlugin, type WebhookPluginOptions } from "./routes/webhooks.js";
import { ScanRunner, type ScanDispatch, type ScanFn } from "./runner.js";
import { sharedSchemas } from "./schemas.js";
import { securityHeaders } from "./security-headers.js";
import { TokenService } from "./tokens.js";

export interface BuildServerOptions {
  /** The store contract (SQLite or PostgreSQL backend); a CLI ScanStore is wrapped in the SQLite backend. */
  store: RampartStore | ScanStore;
  /** TLS key and certificate (PEM); without them the server speaks plain HTTP. */
  https?: { key: string | Buffer; cert: string | Buffer } | null;
  guard?: TargetGuard | null;
  identities?: IdentityResolver | null;
  session?: SessionAuthenticator | null;
  plugins?: ServerPlugin[];
  /** Scans running at once (default 2). */
  maxConcurrentScans?: number;
  /** The scan engine (tests may wrap scan()). */
  scan?: ScanFn;
  /** Submitted scans go to this job queue (PostgreSQL store) instead of the in-process runner queue. */
  dispatch?: ScanDispatch | null;
  /** `rampart serve --callback-host` (validated): where scans this server runs listen for the target's fetches. */
  callbackHost?: string | null;
  /** Monitor runs go to the job queue too: the scheduler fires them there and workers run them. */
  monitorQueue?: MonitorRunQueue | null;
  /** Why queued scans wait (no worker on the job queue), shown as `waiting` on queued scans. */
  queueWaiting?: () => Promise<string | null>;
  /** Webhook endpoints, deliveries and the sender (needs the server's secret key to seal URLs and secrets). */
  webhooks?: WebhookPluginOptions | null;
  /** Request log lines to stderr (default off: the CLI prints its own lines). */
  logger?: boolean;
  /**
   * The operator's log (stderr under `rampart serve`): scheduler failures (a slot that could not fire, a run
   * that could not be enqueued). Without it they go to the request log, which `rampart serve` keeps off.
   */
  log?: (line: string) => void;
  /** Scheduled monitors: minimum interval, jitter bound, public URL for links in events. */
  monitoring?: MonitoringOptions;
  /** Requests per client address per window on /api (default 1200 a minute); false turns the limit off. */
  rateLimit?: ApiRateLimit | false;
}

export interface MonitoringOptions {
  /** Shortest interval a monitor may ask for (default 5 minutes). */
  minIntervalMs?: number;
  /** Largest random delay added to a run (default 60 s; never more than a tenth of the interval). */
  maxJitterMs?: number;
  /** Where users open the dashboard, for links in events; default: the address the server listens on. */
  publicUrl?: string | null;
  /** Run the scheduler once the server listens (default true; API tests of the rows may turn it off). */
  scheduler?: boolean;
  /** How often the scheduler looks for due monitors (default 1 s). */
  tickMs?: number;
}

export interface ApiRateLimit {
  max: number;
  windowMs: number;
}

/**
 * Generous enough for the dashboard and for scanning the server itself at the scanner's default pace, tight
 * enough that one client cannot flood the store; sign-in has its own, far stricter limit.
 */
export const DEFAULT_RATE_LIMIT: ApiRateLimit = { max: 1200, windowMs: 60_000 };

export const API_PREFIX = "/api";
export const OPENAPI_PATH = "/api/openapi.json";
/** Request bodies are small JSON documents; anything bigger is refused before parsing. */
const BODY_LIMIT = 256 * 1024;

export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: "info" } : false,
    bodyLimit: BODY_LIMIT,
    ...(opts.https ? { https: { key: opts.https.key, cert: opts.https.cert } } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
    // Paths like /api/scans/ and /api/scans are the same route.
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  const store = asRampartStore(opts.store);
  const runner = new ScanRunner({
    store,
    ...(opts.scan ? { scan: opts.scan } : {}),
    ...(opts.maxConcurrentScans ? { maxConcurrent: opts.maxConcurrentScans } : {}),
    ...(opts.dispatch ? { dispatch: opts.dispatch } : {}),
    ...(opts.callbackHost ? { callbackHost: opts.callbackHost } : {}),
  });
  const context: ServerContext = {
    store,
    runner,
    tokens: new TokenService(store),
    guard: opts.guard ?? null,
    identities: opts.identities ?? null,
    tls: Boolean(opts.https),
    monitors: store.monitors,
    queueWaiting: opts.queueWaiting ?? null,
    monitoring: {
      minIntervalMs: opts.monitoring?.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
      maxJitterMs: opts.monitoring?.maxJitterMs ?? DEFAULT_MAX_JITTER_MS,
      publicUrl: () => opts.monitoring?.publicUrl?.replace(/\/+$/, "") ?? listenUrl(app, Boolean(opts.https)),
    },
  };
  app.decorate("rampart", context);
  app.decorateRequest("principal", null);

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `no route ${request.method} ${request.url.split("?")[0]}`));
  app.addSchema(errorSchema);
  for (const s of sharedSchemas) app.addSchema(s);
  for (const s of monitorSchemas) app.addSchema(s);

  if (opts.rateLimit !== false) {
    const limit = opts.rateLimit ?? DEFAULT_RATE_LIMIT;
    // Global onRequest hook (before auth, so floods of bad tokens count too), keyed by client address;
    // headers (X-RateLimit-*, Retry-After on 429) tell well-behaved clients the quota.
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.windowMs,
      allowList: (request) => !request.url.startsWith(`${API_PREFIX}/`),
      errorResponseBuilder: (_request, context) =>
        new ApiError(429, `rate limit of ${context.max} requests per ${context.after.replace(/^in /, "")} exceeded for this address; retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Rampart API",
        version: VERSION,
        description: "Start and follow API security scans, read reports, triage findings. Every route except health and this document needs a bearer token.",
      },
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "a token from `rampart tokens create`" } } },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: "scans", description: "start, follow, cancel and read scans" },
        { name: "findings", description: "triage and diffs" },
        { name: "monitors", description: "scheduled rescans and the changes they detect" },
        { name: "tokens", description: "API tokens (admin)" },
        { name: "webhooks", description: "signed event deliveries: endpoints (admin), deliveries and dead letters" },
        { name: "identities", description: "credentials stored per target for authenticated scans (write-only secrets)" },
        { name: "server", description: "health and this document" },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  app.addHook("onRequest", authHook(context.tokens, opts.session ?? null));
  app.addHook("onSend", securityHeaders(context.tls));

  await app.register(healthRoutes);
  await app.register(scanRoutes);
  await app.register(scanExtraRoutes);
  await app.register(findingRoutes);
  await app.register(tokenRoutes);
  await app.register(monitorRoutes);
  if (opts.webhooks) await app.register(webhookPlugin(opts.webhooks));
  app.get(OPENAPI_PATH, { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());
  for (const plugin of opts.plugins ?? []) await app.register(plugin);

  const service = new MonitorService({
    store,
    runner,
    guard: context.guard,
    identities: context.identities,
    publicUrl: context.monitoring.publicUrl,
    queue: opts.monitorQueue ?? null,
  });
  // A failure that repeats every tick (the database down, a broken monitor) is printed once a minute.
  const operatorLog = opts.log;
  const schedulerLog = operatorLog ? quietLog(operatorLog) : (line: string) => app.log.error(line);
  const scheduler = new MonitorScheduler({
    monitors: store.monitors,
    launch: (m, slot) => service.launch(m, slot),
    ...(service.queued ? { fire: async (m, due, next) => ["enqueued", "refused"].includes(await service.fire(m, due, next)) } : {}),
    minIntervalMs: context.monitoring.minIntervalMs,
    maxJitterMs: context.monitoring.maxJitterMs,
    ...(opts.monitoring?.tickMs ? { tickMs: opts.monitoring.tickMs } : {}),
    // Several servers may share a PostgreSQL store: one that stops leaves runs the others must close.
    ...(store.kind === "postgres" ? { reapEveryMs: 5 * 60_000 } : {}),
    onError: (id, e) => schedulerLog(`rampart: monitors: ${id === "*" ? "the scheduler" : `monitor ${id}`} could not start a run: ${oneLine(e)}`),
  });
  // Monitors run only in a server that listens (not in one built for inject-style tests).
  if (opts.monitoring?.scheduler !== false) app.addHook("onListen", async () => scheduler.start());

  app.addHook("onClose", async () => {
    // No new runs; the runner then fails what is queued or running, and each run is recorded as interrupted.
    scheduler.stop();
    await runner.shutdown();
    await scheduler.idle();
  });
  return app;
}

/** `http://127.0.0.1:7878` from the listening socket (a wildcard address shows as localhost); null before listen. */
function listenUrl(app: FastifyInstance, tls: boolean): string | null {
  const address = app.server.address();
  if (!address || typeof address === "string") return null;
  const host = address.address === "0.0.0.0" || address.address === "::" ? "localhost" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `${tls ? "https" : "http"}://${host}:${address.port}`;
}
