// Fingerprint rules: what in a response (or the recorded request) points at a framework, server,
// database or auth style, and how strongly (weight 0..1). Evidence from distinct rules combines as
// 1 − Π(1 − w). Error-signature and debug-page tables contribute too (see discovery/fingerprint.ts).
import type { FrameworkName } from "./error-signatures.js";

export type FingerprintKind = "framework" | "server" | "database" | "auth";

export type FingerprintSource =
  | { in: "header"; name: string }
  | { in: "request-header"; name: string }
  | { in: "cookie" }
  | { in: "body"; status?: "error" | "ok" | "404"; contentType?: RegExp };

export interface FingerprintRule {
  id: string;
  kind: FingerprintKind;
  name: string;
  weight: number;
  source: FingerprintSource;
  /** Group 1, when present and `version` is set, is the version. */
  match: RegExp;
  version?: boolean;
  /** Human evidence, e.g. `Server: uvicorn`. */
  says: string;
}

/** Names whose evidence also fits a more general name they refine (CockroachDB speaks PostgreSQL). */
export const REFINES: Record<string, string> = {
  cockroachdb: "postgresql",
  nestjs: "express",
  fastapi: "starlette",
};

const H = (name: string): FingerprintSource => ({ in: "header", name });
const ERR: FingerprintSource = { in: "body", status: "error" };
const NF: FingerprintSource = { in: "body", status: "404" };
const ANY: FingerprintSource = { in: "body" };
const COOKIE: FingerprintSource = { in: "cookie" };

type Fw = FrameworkName;
const fw = (id: string, name: Fw, weight: number, source: FingerprintSource, match: RegExp, says: string): FingerprintRule => ({
  id, kind: "framework", name, weight, source, match, says,
});
const srv = (id: string, name: string, match: RegExp, says: string, weight = 0.9): FingerprintRule => ({
  id, kind: "server", name, weight, source: H("server"), match, version: true, says,
});

export const FINGERPRINT_RULES: readonly FingerprintRule[] = [
  // ---- servers (Server header; group 1 = version)
  srv("server-uvicorn", "uvicorn", /^uvicorn(?:\/([\d.]+))?/i, "Server: uvicorn"),
  srv("server-gunicorn", "gunicorn", /^gunicorn(?:\/([\d.]+))?/i, "Server: gunicorn"),
  srv("server-hypercorn", "hypercorn", /^hypercorn(?:-h\d+)?(?:\/([\d.]+))?/i, "Server: hypercorn"),
  srv("server-daphne", "daphne", /^daphne(?:\/([\d.]+))?/i, "Server: daphne"),
  srv("server-waitress", "waitress", /^waitress(?:\/([\d.]+))?/i, "Server: waitress"),
  srv("server-werkzeug", "werkzeug", /^Werkzeug\/([\d.]+)/i, "Server: Werkzeug"),
  srv("server-wsgiref", "wsgiref", /^WSGIServer\/([\d.]+)/i, "Server: WSGIServer (Django runserver)"),
  srv("server-tornado", "tornado", /^TornadoServer\/([\d.]+)/i, "Server: TornadoServer"),
  srv("server-kestrel", "kestrel", /^Kestrel/i, "Server: Kestrel"),
  srv("server-iis", "iis", /^Microsoft-IIS\/([\d.]+)/i, "Server: Microsoft-IIS"),
  srv("server-nginx", "nginx", /^nginx(?:\/([\d.]+))?/i, "Server: nginx"),
  srv("server-openresty", "openresty", /^openresty(?:\/([\d.]+))?/i, "Server: openresty"),
  srv("server-apache", "apache", /^Apache(?:\/([\d.]+))?(?!-Coyote)/i, "Server: Apache httpd"),
  srv("server-tomcat", "tomcat", /^Apache-Coyote\/([\d.]+)|^Apache Tomcat(?:\/([\d.]+))?/i, "Server: Apache-Coyote (Tomcat)"),
  srv("server-jetty", "jetty", /^Jetty\(([\d.]+)/i, "Server: Jetty"),
  srv("server-caddy", "caddy", /^Caddy/i, "Server: Caddy"),
  srv("server-envoy", "envoy", /^(?:istio-)?envoy/i, "Server: envoy"),
  srv("server-puma", "puma", /^Puma(?: ([\d.]+))?/i, "Server: Puma"),
  srv("server-cowboy", "cowboy", /^Cowboy/i, "Server: Cowboy"),
  srv("server-litespeed", "litespeed", /^LiteSpeed/i, "Server: LiteSpeed"),
  srv("server-cloudflare", "cloudflare", /^cloudflare/i, "Server: cloudflare", 0.6),
  { id: "server-envoy-header", kind: "server", name: "envoy", weight: 0.7, source: H("x-envoy-upstream-service-time"), match: /\d/, says: "x-envoy-upstream-service-time header" },
  { id: "server-node-express", kind: "server", name: "node", weight: 0.6, source: H("x-powered-by"), match: /^Express/i, says: "X-Powered-By: Express (Node.js)" },

  // ---- frameworks
  fw("fastapi-404", "fastapi", 0.5, NF, /^\{"detail":"Not Found"\}$/, '404 body {"detail":"Not Found"}'),
  fw("fastapi-405", "fastapi", 0.4, ERR, /^\{"detail":"Method Not Allowed"\}$/, '405 body {"detail":"Method Not Allowed"}'),
  fw("fastapi-422", "fastapi", 0.8, ERR, /^\{"detail":\[\{"(?:type|loc)":[^\]]{0,200}"loc":\[/, "pydantic 422 validation body"),
  fw("fastapi-openapi", "fastapi", 0.9, ANY, /"HTTPValidationError"\s*:\s*\{/, "OpenAPI document with HTTPValidationError"),
  fw("fastapi-docs", "fastapi", 0.5, ANY, /SwaggerUIBundle\(\{\s*url:\s*'\/openapi\.json'/, "Swagger UI pointing at /openapi.json"),
  fw("fastapi-uvicorn", "fastapi", 0.3, H("server"), /^uvicorn/i, "served by uvicorn"),
  fw("starlette-404", "starlette", 0.3, { in: "body", status: "404", contentType: /text\/plain/ }, /^Not Found$/, "404 text/plain body Not Found"),
  fw("flask-404", "flask", 0.7, NF, /The requested URL was not found on the server\. If you entered the URL manually please check your spelling and try again\./, "Werkzeug NotFound page"),
  fw("flask-werkzeug", "flask", 0.5, H("server"), /^Werkzeug/i, "served by Werkzeug"),
  fw("flask-session", "flask", 0.3, COOKIE, /(?:^|\n)\s*session=(?:\.?eyJ)/, "itsdangerous-signed session cookie"),
  fw("django-csrf", "django", 0.7, COOKIE, /(?:^|\n)\s*csrftoken=/, "csrftoken cookie"),
  fw("django-session", "django", 0.4, COOKIE, /(?:^|\n)\s*sessionid=/, "sessionid cookie"),
  fw("django-drf-404", "django", 0.6, ERR, /^\{"detail":"Not found\."\}$/, 'DRF body {"detail":"Not found."}'),
  fw("django-drf-auth", "django", 0.8, ERR, /"detail":"(?:Authentication credentials were not provided|Invalid token|Invalid token header)\./, "DRF authentication error body"),
  fw("django-404", "django", 0.6, NF, /<h1>Not Found<\/h1>\s*<p>The requested resource was not found on this server\.<\/p>/, "Django 404 page"),
  fw("django-runserver", "django", 0.6, H("server"), /^WSGIServer\/[\d.]+ CPython/i, "Django development server"),
  fw("express-powered", "express", 0.9, H("x-powered-by"), /^Express/i, "X-Powered-By: Express"),
  fw("express-404", "express", 0.8, { in: "body", status: "404", contentType: /html/ }, /<pre>Cannot [A-Z]+ \/[^<]{0,200}<\/pre>/, "finalhandler page Cannot GET /…"),
  fw("express-session", "express", 0.6, COOKIE, /(?:^|\n)\s*connect\.sid=/, "connect.sid cookie"),
  fw("nestjs-404", "nestjs", 0.9, ERR, /"statusCode"\s*:\s*404\s*,\s*"message"\s*:\s*"Cannot [A-Z]+ [^"]{0,200}"\s*,\s*"error"\s*:\s*"Not Found"|"message"\s*:\s*"Cannot [A-Z]+ [^"]{0,200}"\s*,\s*"error"\s*:\s*"Not Found"\s*,\s*"statusCode"\s*:\s*404/, "NestJS NotFoundException body"),
  fw("fastify-404", "fastify", 0.9, ERR, /"message"\s*:\s*"Route [A-Z]+:[^"]{0,200} not found"/, "Fastify route-not-found body"),
  fw("koa-session", "koa", 0.7, COOKIE, /(?:^|\n)\s*koa[.:]sess(?:\.sig)?=/, "koa session cookie"),
  fw("koa-404", "koa", 0.25, { in: "body", status: "404", contentType: /text\/plain/ }, /^Not Found$/, "404 text/plain body Not Found"),
  fw("hapi-404", "hapi", 0.8, ERR, /^\{"statusCode":404,"error":"Not Found","message":"Not Found"\}$/, "hapi Boom 404 body"),
  fw("spring-error", "spring-boot", 0.9, ERR, /"timestamp"\s*:\s*"[^"]{10,40}"\s*,\s*"status"\s*:\s*\d{3}\s*,\s*"error"\s*:\s*"[^"]{1,60}"\s*,\s*(?:"(?:message|trace)"\s*:\s*"[^"]{0,400}"\s*,\s*)*"path"\s*:/, "Spring Boot error body {timestamp,status,error,path}"),
  fw("spring-whitelabel", "spring-boot", 0.95, ERR, /<h1>Whitelabel Error Page<\/h1>/, "Whitelabel Error Page"),
  fw("spring-context", "spring-boot", 0.7, H("x-application-context"), /./, "X-Application-Context header"),
  fw("spring-actuator", "spring-boot", 0.8, ANY, /"_links"\s*:\s*\{\s*"self"\s*:\s*\{\s*"href"\s*:\s*"[^"]{0,200}\/actuator"/, "Actuator index"),
  fw("java-session", "spring-boot", 0.2, COOKIE, /(?:^|\n)\s*JSESSIONID=/, "JSESSIONID cookie (Java servlet)"),
  fw("aspnet-kestrel", "aspnet-core", 0.7, H("server"), /^Kestrel/i, "served by Kestrel"),
  fw("aspnet-problem", "aspnet-core", 0.85, ERR, /"type"\s*:\s*"https:\/\/tools\.ietf\.org\/html\/rfc(?:7231|9110)#section-[\d.]+"[\s\S]{0,300}"traceId"\s*:\s*"00-/, "ASP.NET Core ProblemDetails with traceId"),
  fw("aspnet-cookie", "aspnet-core", 0.8, COOKIE, /(?:^|\n)\s*\.AspNetCore\.[A-Za-z]+=/, ".AspNetCore.* cookie"),
  fw("aspnet-powered", "aspnet-core", 0.4, H("x-powered-by"), /^ASP\.NET/i, "X-Powered-By: ASP.NET"),
  fw("aspnet-version", "aspnet-core", 0.4, H("x-aspnet-version"), /\d/, "X-AspNet-Version header"),
  fw("gin-404", "gin", 0.35, { in: "body", status: "404", contentType: /text\/plain/ }, /^404 page not found$/, "Go net/http-style 404 (Gin, chi, net/http)"),
  fw("echo-404", "echo", 0.6, NF, /^\{"message":"Not Found"\}\n?$/, 'Echo 404 body {"message":"Not Found"}'),
  fw("fiber-404", "fiber", 0.6, { in: "body", status: "404", contentType: /text\/plain/ }, /^Cannot [A-Z]+ \/\S{0,200}$/, "Fiber 404 text Cannot GET /…"),
  fw("rails-runtime", "rails", 0.5, H("x-runtime"), /^\d+\.\d+$/, "X-Runtime header"),
  fw("rails-session", "rails", 0.5, COOKIE, /(?:^|\n)\s*_[a-z0-9_]+_session=/, "_app_session cookie"),
  fw("rails-404", "rails", 0.85, NF, /The page you were looking for doesn(?:'|&#39;|’)t exist\./, "Rails public/404.html"),
  fw("laravel-session", "laravel", 0.95, COOKIE, /(?:^|\n)\s*laravel_session=/, "laravel_session cookie"),
  fw("laravel-xsrf", "laravel", 0.2, COOKIE, /(?:^|\n)\s*XSRF-TOKEN=/, "XSRF-TOKEN cookie"),
  fw("phoenix-404", "phoenix", 0.8, ERR, /^\{"errors":\{"detail":"Not Found"\}\}$/, 'Phoenix 404 body {"errors":{"detail":"Not Found"}}'),
  fw("phoenix-session", "phoenix", 0.8, COOKIE, /(?:^|\n)\s*_[a-z0-9_]+_key=SFMyNTY/, "Phoenix signed session cookie"),
  fw("phoenix-cowboy", "phoenix", 0.4, H("server"), /^Cowboy/i, "served by Cowboy"),

  // ---- databases (beyond the SQL error table): DSNs and id shapes
  { id: "db-crdb-dsn", kind: "database", name: "cockroachdb", weight: 0.9, source: ANY, match: /(?:cockroachdb|postgres(?:ql)?):\/\/[^\s"'<>]{0,200}:26257\b|\bcockroachdb:\/\//i, says: "CockroachDB connection string (port 26257)" },
  { id: "db-crdb-rowid", kind: "database", name: "cockroachdb", weight: 0.35, source: { in: "body", status: "ok" }, match: /"(?:id|\w+_id)"\s*:\s*"?(?:[6-9]\d{17}|1\d{18})"?[,}\s]/, says: "18-19 digit ids shaped like unique_rowid()" },
  { id: "db-pg-dsn", kind: "database", name: "postgresql", weight: 0.6, source: ANY, match: /\bpostgres(?:ql)?:\/\/[^\s"'<>:]{1,100}(?::[^\s"'<>@]{0,100})?@[^\s"'<>:/]{1,200}(?::(?!26257)\d{2,5})?\//i, says: "PostgreSQL connection string" },
  { id: "db-mongo-dsn", kind: "database", name: "mongodb", weight: 0.7, source: ANY, match: /\bmongodb(?:\+srv)?:\/\//i, says: "MongoDB connection string" },
  { id: "db-mongo-oid", kind: "database", name: "mongodb", weight: 0.6, source: { in: "body", status: "ok" }, match: /"_id"\s*:\s*(?:"[0-9a-f]{24}"|\{\s*"\$oid"\s*:)/, says: "_id values shaped like ObjectId" },
  { id: "db-mysql-dsn", kind: "database", name: "mysql", weight: 0.7, source: ANY, match: /\bmysql(?:\+\w+)?:\/\//i, says: "MySQL connection string" },
  { id: "db-redis-dsn", kind: "database", name: "redis", weight: 0.6, source: ANY, match: /\brediss?:\/\//i, says: "Redis connection string" },
  { id: "db-uuid-ids", kind: "database", name: "postgresql", weight: 0.1, source: { in: "body", status: "ok" }, match: /"id"\s*:\s*"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/, says: "UUIDv4 ids (gen_random_uuid style)" },

  // ---- auth styles
  { id: "auth-bearer-request", kind: "auth", name: "bearer", weight: 0.9, source: { in: "request-header", name: "authorization" }, match: /^Bearer\s/i, says: "requests carry Authorization: Bearer" },
  { id: "auth-basic-request", kind: "auth", name: "basic", weight: 0.9, source: { in: "request-header", name: "authorization" }, match: /^Basic\s/i, says: "requests carry Authorization: Basic" },
  { id: "auth-apikey-request", kind: "auth", name: "api-key", weight: 0.9, source: { in: "request-header", name: "x-api-key" }, match: /./, says: "requests carry X-API-Key" },
  { id: "auth-bearer-challenge", kind: "auth", name: "bearer", weight: 0.8, source: H("www-authenticate"), match: /^Bearer\b/i, says: "WWW-Authenticate: Bearer" },
  { id: "auth-basic-challenge", kind: "auth", name: "basic", weight: 0.8, source: H("www-authenticate"), match: /^Basic\b/i, says: "WWW-Authenticate: Basic" },
  { id: "auth-jwt-body", kind: "auth", name: "jwt", weight: 0.6, source: ANY, match: /"(?:access_token|id_token|token|jwt)"\s*:\s*"eyJ[A-Za-z0-9_-]{8,}\.eyJ/, says: "JWT issued in a response body" },
  { id: "auth-jwt-request", kind: "auth", name: "jwt", weight: 0.7, source: { in: "request-header", name: "authorization" }, match: /^Bearer\s+eyJ/i, says: "bearer token is a JWT" },
  { id: "auth-session-cookie", kind: "auth", name: "session-cookie", weight: 0.6, source: COOKIE, match: /(?:^|\n)\s*(?:sessionid|session|connect\.sid|JSESSIONID|PHPSESSID|laravel_session|_[a-z0-9_]+_session|ASP\.NET_SessionId|\.AspNetCore\.(?:Session|Cookies)|koa[.:]sess|sid)=/i, says: "session cookie set" },
  { id: "auth-apikey-challenge", kind: "auth", name: "api-key", weight: 0.5, source: ERR, match: /(?:missing|invalid|no) api[ _-]?key|x-api-key/i, says: "error body asks for an API key" },
];
