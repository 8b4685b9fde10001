// Shapes of the remediation knowledge: stacks (framework × database) and the snippets written in their idiom.
import type { Remediation } from "../../core/types.js";

export type { Remediation };

export const FRAMEWORKS = ["fastapi", "flask", "django", "express", "nestjs", "spring-boot", "aspnet-core", "rails", "laravel", "go"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const DATABASES = ["cockroachdb", "postgresql", "mysql", "mongodb", "redis"] as const;
export type Database = (typeof DATABASES)[number];

/** Databases whose client configuration is the same (PostgreSQL wire: CockroachDB uses the PostgreSQL drivers). */
export type DbClientGroup = "pg" | "mysql" | "mongodb" | "redis";

export interface Stack {
  framework: string | null;
  database: string | null;
}

/** Advice in one stack's idiom. `code` may use {{var}} placeholders filled from DB_VARS. */
export interface Snippet {
  steps: string[];
  code: string;
  /** Replaces the generic summary when set. */
  summary?: string;
}

/** The fixes a framework writes in its own way. */
export interface FrameworkIdioms {
  label: string;
  /** Client-side TLS to the database, verified (verify-full or the product's equivalent). */
  dbTls: Record<DbClientGroup, Snippet>;
  /** Keys and credentials from a secret store at runtime, not from the image or the repository. */
  secretStore: Snippet;
  /** Never hand configuration, environment or driver errors to clients. */
  hideSecrets: Snippet;
  /** Adaptive password hashing, and hashes kept out of responses. */
  passwordHash: Snippet;
  hsts: Snippet;
  httpsRedirect: Snippet;
  cookies: Snippet;
  /** Generated URLs use https behind a TLS-terminating proxy. */
  proxyHeaders: Snippet;
  /** TLS settings when the framework's server terminates TLS itself; null = terminate at a proxy. */
  tlsServer: Snippet | null;
}

/** Fixes for the flaws active mode confirms (injection, writes, authentication abuse), in one framework's idiom. */
export interface ActiveIdioms {
  /** SQL: bound parameters or the ORM's query builder, never strings built from input. */
  sqlParameters: Snippet;
  /** NoSQL: scalars only where a value is expected; no operator objects from requests. */
  nosqlOperators: Snippet;
  /** OS commands: an argument vector without a shell. */
  commandArguments: Snippet;
  /** Templates: input as data, never as template source. */
  templateData: Snippet;
  /** Files: names resolved inside one directory, or ids instead of paths. */
  pathConfinement: Snippet;
  /** XML: no DTDs, no external entities. */
  xmlParsing: Snippet;
  /** Response headers and redirects: no CR/LF from input, redirect targets from an allow-list. */
  headerValues: Snippet;
  /** Writes scoped to the caller's own objects. */
  ownerScopedWrites: Snippet;
  /** Administrative operations behind a role check on every method. */
  roleGuards: Snippet;
  /** Authentication by default, public routes as explicit exceptions. */
  authenticatedWrites: Snippet;
  /** Input models listing only client-settable fields; privileged fields set on the server. */
  inputAllowList: Snippet;
  /** Login, one-time code and reset throttled per client and per account, 429 with Retry-After. */
  loginThrottling: Snippet;
  /** The same answer (and timing) for existing and unknown accounts. */
  uniformAuthAnswers: Snippet;
  /** JWT: algorithms pinned, keys only from the server's own key set (kid as a lookup key, no jku/jwk). */
  jwtVerification: Snippet;
}

/** Every idiom a framework has, transport and active. */
export type StackIdioms = FrameworkIdioms & ActiveIdioms;
