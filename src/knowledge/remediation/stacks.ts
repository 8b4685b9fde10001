// Names a fingerprint or a user may give for a framework or database, mapped to the table keys.
import { DATABASES, FRAMEWORKS, type Database, type DbClientGroup, type Framework } from "./types.js";

/** Aliases → framework key. Node frameworks share the Express idiom for drivers; Go routers share `go`. */
export const FRAMEWORK_ALIASES: Record<string, Framework> = {
  starlette: "fastapi",
  "fast-api": "fastapi",
  "django-rest-framework": "django",
  drf: "django",
  "express.js": "express",
  expressjs: "express",
  koa: "express",
  fastify: "express",
  hapi: "express",
  nest: "nestjs",
  "nest.js": "nestjs",
  spring: "spring-boot",
  springboot: "spring-boot",
  "spring boot": "spring-boot",
  "asp.net core": "aspnet-core",
  "asp.net": "aspnet-core",
  aspnet: "aspnet-core",
  aspnetcore: "aspnet-core",
  kestrel: "aspnet-core",
  dotnet: "aspnet-core",
  "ruby on rails": "rails",
  ror: "rails",
  golang: "go",
  gin: "go",
  echo: "go",
  fiber: "go",
  chi: "go",
  "net/http": "go",
};

export const DATABASE_ALIASES: Record<string, Database> = {
  postgres: "postgresql",
  pg: "postgresql",
  pgsql: "postgresql",
  cockroach: "cockroachdb",
  crdb: "cockroachdb",
  mariadb: "mysql",
  mongo: "mongodb",
  valkey: "redis",
};

export const DB_GROUP: Record<Database, DbClientGroup> = {
  cockroachdb: "pg",
  postgresql: "pg",
  mysql: "mysql",
  mongodb: "mongodb",
  redis: "redis",
};

/** Values the snippets fill in per database ({{name}} in a snippet's code). */
export const DB_VARS: Record<Database, Record<string, string>> = {
  postgresql: {
    product: "PostgreSQL", host: "db.internal", port: "5432", ca: "/run/secrets/db-ca.crt",
    djangoEngine: "django.db.backends.postgresql", typeormType: "postgres", railsAdapter: "postgresql",
  },
  cockroachdb: {
    product: "CockroachDB", host: "cockroachdb.internal", port: "26257", ca: "/run/secrets/cockroach-ca.crt",
    djangoEngine: "django_cockroachdb", typeormType: "cockroachdb", railsAdapter: "cockroachdb",
  },
  mysql: { product: "MySQL", host: "mysql.internal", port: "3306", ca: "/run/secrets/mysql-ca.pem" },
  mongodb: { product: "MongoDB", host: "mongo.internal", port: "27017", ca: "/run/secrets/mongo-ca.pem" },
  redis: { product: "Redis", host: "cache.internal", port: "6380", ca: "/run/secrets/redis-ca.pem" },
};

/** Generic values for PostgreSQL-wire snippets when the database is unknown. */
export const DEFAULT_DB: Database = "postgresql";

function key(s: string): string {
  return s.trim().toLowerCase();
}

export function normaliseFramework(name: string | null | undefined): Framework | null {
  if (!name) return null;
  const k = key(name);
  if ((FRAMEWORKS as readonly string[]).includes(k)) return k as Framework;
  return FRAMEWORK_ALIASES[k] ?? FRAMEWORK_ALIASES[k.replace(/[\s_]/g, "-")] ?? null;
}

export function normaliseDatabase(name: string | null | undefined): Database | null {
  if (!name) return null;
  const k = key(name);
  if ((DATABASES as readonly string[]).includes(k)) return k as Database;
  return DATABASE_ALIASES[k] ?? null;
}

export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars[name] ?? m);
}
