// What the server's parts share, and the hook points other modules plug in through (target guard, stored
// identities, dashboard sessions, dashboard routes). Fastify's types are extended here, in one place.
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
// The swagger plugin adds tags, summary and security to route schemas.
import type {} from "@fastify/swagger";
import type { ScanOptions } from "../engine/options.js";
import type { MonitorRepository, RampartStore, Role } from "../store/index.js";
import type { ScanRunner } from "./runner.js";
import type { TokenService } from "./tokens.js";

/** Who is calling: a bearer token, or a dashboard session opened with one. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  via: "token" | "session";
}

/**
 * The SSRF guard's verdict on a URL the user submitted (target or spec). When allowed, `options` is merged
 * into the scan options (e.g. a pinned address so DNS is resolved once for the whole scan).
 */
export type GuardResult = { allowed: true; options?: Partial<ScanOptions> } | { allowed: false; reason: string };
export type TargetGuard = (url: string, role: "target" | "spec") => Promise<GuardResult>;

/** Turns identity references of POST /api/scans into `--auth` values (literal secrets stay in memory). */
export type IdentityResolver = (target: string, names: readonly string[]) => Promise<string[]>;

/**
 * Authenticates a request that carries no bearer token (the dashboard's session cookie). Returns null when
 * the request has no session; throws an ApiError (401/403) to refuse it, e.g. a missing CSRF token on a
 * state-changing request.
 */
export type SessionAuthenticator = (request: FastifyRequest) => Promise<Principal | null>;

export interface ServerContext {
  store: RampartStore;
  runner: ScanRunner;
  tokens: TokenService;
  guard: TargetGuard | null;
  identities: IdentityResolver | null;
  /** True when the server listens over TLS (cookies get Secure, HSTS is sent). */
  tls: boolean;
  /** The store's monitors (the same as `store.monitors`). */
  monitors: MonitorRepository;
  monitoring: MonitoringSettings;
  /** Why queued scans wait (the job queue has no worker), or null; absent without a job queue. */
  queueWaiting: (() => Promise<string | null>) | null;
}

/** Server settings of scheduled monitors (`rampart serve --min-interval`, `--public-url`). */
export interface MonitoringSettings {
  /** Shortest time between two runs of one monitor; schedules asking for less are refused. */
  minIntervalMs: number;
  /** Upper bound of the random delay added to each run. */
  maxJitterMs: number;
  /** Base URL of the dashboard for event links (`https://rampart.example`), null when unknown. */
  publicUrl(): string | null;
}

/** Who may call a route: a minimum role, or `public` (health, the OpenAPI document, sign-in). */
export type RouteAccess = Role | "public";

declare module "fastify" {
  interface FastifyInstance {
    rampart: ServerContext;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Default: viewer for GET/HEAD, operator for anything else, under /api; public elsewhere. */
    access?: RouteAccess;
  }
}

export type ServerPlugin = FastifyPluginAsync;
