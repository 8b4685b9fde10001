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
