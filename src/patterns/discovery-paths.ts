// Endpoint discovery wordlist: paths APIs commonly serve but leave out of their description, by kind,
// tiered (1 = --discover standard, 2 = deep only). Each is tried at the origin and under every base path.
// Source: the framework defaults named in each row's note (Spring Boot Actuator, Django admin/REST
// framework, Rails, Laravel, Express/Node conventions, FastAPI, ASP.NET Core, Go net/http/pprof) and
// common API layouts (health, metrics, admin, debug, config, backup and documentation routes).

export type DiscoveryKind = "api" | "docs" | "health" | "metrics" | "debug" | "config" | "backup" | "admin" | "framework";

export interface DiscoveryPath {
  path: string;
  tier: 1 | 2;
  kind: DiscoveryKind;
  /** Framework whose default this is, when it is one. */
  note?: string;
}

const rows = (kind: DiscoveryKind, tier: 1 | 2, paths: string[], note?: string): DiscoveryPath[] =>
  paths.map((path) => ({ path, tier, kind, ...(note ? { note } : {}) }));

export const DISCOVERY_PATHS: readonly DiscoveryPath[] = [
  ...rows("api", 1, ["/api", "/users", "/accounts", "/me", "/profile", "/orders", "/search", "/export", "/import", "/files", "/uploads"]),
  ...rows("api", 2, ["/customers", "/payments", "/invoices", "/reports", "/tokens", "/keys", "/sessions", "/webhooks", "/events", "/notifications", "/logs", "/audit"]),
  ...rows("docs", 1, ["/docs", "/openapi.json", "/swagger.json", "/api-docs", "/redoc"]),
  ...rows("docs", 2, ["/swagger-ui.html", "/swagger/v1/swagger.json", "/v3/api-docs", "/graphql", "/graphiql"]),
  ...rows("health", 1, ["/health", "/healthz", "/status", "/ping", "/ready", "/version", "/info"]),
  ...rows("health", 2, ["/livez", "/readyz", "/heartbeat", "/build", "/_health"]),
  ...rows("metrics", 1, ["/metrics", "/stats"]),
  ...rows("metrics", 2, ["/prometheus", "/_stats", "/monitoring"]),
  ...rows("debug", 1, ["/debug", "/test", "/trace"]),
  ...rows("debug", 2, ["/dev", "/staging", "/sandbox", "/_debug", "/console"]),
  ...rows("config", 1, ["/config", "/settings", "/env"]),
  ...rows("config", 2, ["/configuration", "/.env", "/config.json", "/settings.json", "/app.config"]),
  ...rows("backup", 2, ["/backup", "/backups", "/dump", "/db.sql", "/backup.zip", "/old"]),
  ...rows("admin", 1, ["/admin", "/internal", "/private", "/manage"]),
  ...rows("admin", 2, ["/administrator", "/management", "/superuser", "/staff", "/root", "/ops"]),
  ...rows("framework", 1, ["/actuator", "/actuator/health", "/actuator/env"], "Spring Boot Actuator"),
  ...rows("framework", 2, ["/actuator/mappings", "/actuator/beans", "/actuator/configprops", "/actuator/loggers", "/actuator/metrics"], "Spring Boot Actuator"),
  ...rows("framework", 1, ["/admin/login/"], "Django admin"),
  ...rows("framework", 2, ["/api-auth/login/", "/__debug__/"], "Django REST framework / debug toolbar"),
  ...rows("framework", 2, ["/rails/info/routes", "/rails/info/properties", "/sidekiq"], "Rails"),
  ...rows("framework", 2, ["/telescope", "/horizon", "/_ignition/health-check", "/sanctum/csrf-cookie"], "Laravel"),
  ...rows("framework", 2, ["/api/status", "/status-monitor"], "Express"),
  ...rows("framework", 1, ["/openapi.json", "/docs"], "FastAPI"),
  ...rows("framework", 2, ["/hangfire", "/elmah.axd", "/healthchecks-ui"], "ASP.NET Core"),
  ...rows("framework", 1, ["/debug/pprof/"], "Go net/http/pprof"),
  ...rows("framework", 2, ["/debug/vars"], "Go expvar"),
];

/** Siblings of a documented version segment: other versions and pre-release or internal trees. */
export const VERSION_SIBLINGS: readonly string[] = ["v0", "v1", "v2", "v3", "beta", "alpha", "internal", "private", "dev", "legacy"];

/** Sub-resources tried under each documented collection path (deep only). */
export const NESTED_SUFFIXES: readonly string[] = ["admin", "export", "all", "search", "count", "debug", "internal", "stats"];

/** Public documents that list a site's paths. */
export const LINK_SOURCES: readonly string[] = ["/robots.txt", "/sitemap.xml", "/.well-known/security.txt", "/.well-known/openid-configuration"];

/** Requests discovery may spend, as a share of the budget and at most this many. */
export const DISCOVERY_SHARE: Record<"standard" | "deep", { share: number; max: number }> = {
  standard: { share: 0.15, max: 250 },
  deep: { share: 0.35, max: 1200 },
};
