// Corpus for the fingerprint rule table: every rule has an exchange it must recognise and a
// look-alike it must not (per the pattern-table convention).
import { describe, expect, it } from "vitest";
import type { Exchange } from "../../src/core/types.js";
import { ruleHits } from "../../src/discovery/fingerprint.js";
import { FINGERPRINT_RULES } from "../../src/patterns/fingerprints.js";

interface Sample {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  type?: string;
  req?: Record<string, string>;
}

function ex(s: Sample): Exchange {
  const body = s.body ?? "";
  return {
    id: 1, source: "t", operation: null, error: null, redirects: [],
    request: { method: "GET", url: "http://127.0.0.1/x", headers: s.req ?? {}, body: null, identity: null },
    response: { status: s.status ?? 200, headers: s.headers ?? {}, body, size: body.length, truncated: false, contentType: s.type ?? "application/json", timeMs: 1 },
  };
}

const server = (v: string): Sample => ({ headers: { server: v } });
const cookie = (v: string): Sample => ({ headers: { "set-cookie": v } });
const nf = (body: string, type = "application/json"): Sample => ({ status: 404, body, type });
const err = (status: number, body: string): Sample => ({ status, body });

const CORPUS: Record<string, [Sample, Sample]> = {
  "server-uvicorn": [server("uvicorn"), server("gunicorn")],
  "server-gunicorn": [server("gunicorn/21.2.0"), server("uvicorn")],
  "server-hypercorn": [server("hypercorn-h11"), server("uvicorn")],
  "server-daphne": [server("daphne"), server("nginx")],
  "server-waitress": [server("waitress"), server("nginx")],
  "server-werkzeug": [server("Werkzeug/3.0.1 Python/3.12.1"), server("Werkzeug")],
  "server-wsgiref": [server("WSGIServer/0.2 CPython/3.12.1"), server("gunicorn")],
  "server-tornado": [server("TornadoServer/6.4"), server("Tornado")],
  "server-kestrel": [server("Kestrel"), server("Microsoft-IIS/10.0")],
  "server-iis": [server("Microsoft-IIS/10.0"), server("Kestrel")],
  "server-nginx": [server("nginx/1.25.3"), server("openresty/1.21.4.1")],
  "server-openresty": [server("openresty/1.21.4.1"), server("nginx")],
  "server-apache": [server("Apache/2.4.57 (Debian)"), server("Apache-Coyote/1.1")],
  "server-tomcat": [server("Apache-Coyote/1.1"), server("Apache/2.4.57")],
  "server-jetty": [server("Jetty(9.4.51.v20230217)"), server("nginx")],
  "server-caddy": [server("Caddy"), server("nginx")],
  "server-envoy": [server("istio-envoy"), server("nginx")],
  "server-puma": [server("Puma 6.4.0"), server("Unicorn")],
  "server-cowboy": [server("Cowboy"), server("nginx")],
  "server-litespeed": [server("LiteSpeed"), server("nginx")],
  "server-cloudflare": [server("cloudflare"), server("nginx")],
  "server-envoy-header": [{ headers: { "x-envoy-upstream-service-time": "12" } }, { headers: { "x-upstream-time": "12" } }],
  "server-node-express": [{ headers: { "x-powered-by": "Express" } }, { headers: { "x-powered-by": "PHP/8.2.1" } }],
  "fastapi-404": [nf('{"detail":"Not Found"}'), nf('{"detail":"Not found."}')],
  "fastapi-405": [err(405, '{"detail":"Method Not Allowed"}'), err(405, '{"message":"Method Not Allowed"}')],
  "fastapi-422": [err(422, '{"detail":[{"type":"missing","loc":["query","q"],"msg":"Field required"}]}'), err(422, '{"detail":"Unprocessable"}')],
  "fastapi-openapi": [{ body: '{"components":{"schemas":{"HTTPValidationError":{"properties":{}}}}}' }, { body: '{"components":{"schemas":{"ValidationError":{}}}}' }],
  "fastapi-docs": [{ body: "const ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' })", type: "text/html" }, { body: "SwaggerUIBundle({ url: '/v3/api-docs' })", type: "text/html" }],
  "fastapi-uvicorn": [server("uvicorn"), server("hypercorn")],
  "starlette-404": [nf("Not Found", "text/plain"), nf('{"detail":"Not Found"}')],
  "flask-404": [nf("<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>", "text/html"), nf("<p>Not found</p>", "text/html")],
  "flask-werkzeug": [server("Werkzeug/3.0.1 Python/3.12"), server("gunicorn")],
  "flask-session": [cookie("session=eyJ1c2VyIjoxfQ.ZXx.abc; HttpOnly; Path=/"), cookie("session_id=abc")],
  "django-csrf": [cookie("csrftoken=abc; Path=/"), cookie("XSRF-TOKEN=abc")],
  "django-session": [cookie("sessionid=abc; HttpOnly"), cookie("session=abc")],
  "django-drf-404": [nf('{"detail":"Not found."}'), nf('{"detail":"Not Found"}')],
  "django-drf-auth": [err(401, '{"detail":"Authentication credentials were not provided."}'), err(401, '{"detail":"Unauthorized"}')],
  "django-404": [nf("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>", "text/html"), nf("<h1>Not Found</h1>", "text/html")],
  "django-runserver": [server("WSGIServer/0.2 CPython/3.12.1"), server("WSGIServer/0.2")],
  "express-powered": [{ headers: { "x-powered-by": "Express" } }, { headers: { "x-powered-by": "Next.js" } }],
  "express-404": [nf("<pre>Cannot GET /x</pre>", "text/html; charset=utf-8"), nf("Cannot GET /x", "text/plain")],
  "express-session": [cookie("connect.sid=s%3Aabc; Path=/; HttpOnly"), cookie("sid=abc")],
  "nestjs-404": [nf('{"statusCode":404,"message":"Cannot GET /x","error":"Not Found"}'), nf('{"statusCode":404,"error":"Not Found","message":"Not Found"}')],
  "fastify-404": [nf('{"message":"Route GET:/x not found","error":"Not Found","statusCode":404}'), nf('{"message":"Not Found"}')],
  "koa-session": [cookie("koa.sess=abc; path=/; httponly"), cookie("session=abc")],
  "koa-404": [nf("Not Found", "text/plain"), nf("Not Found", "text/html")],
  "hapi-404": [nf('{"statusCode":404,"error":"Not Found","message":"Not Found"}'), nf('{"statusCode":404,"message":"Cannot GET /x","error":"Not Found"}')],
  "spring-error": [nf('{"timestamp":"2024-05-01T10:00:00.000+00:00","status":404,"error":"Not Found","path":"/x"}'), nf('{"status":404,"error":"Not Found"}')],
  "spring-whitelabel": [nf("<html><body><h1>Whitelabel Error Page</h1></body></html>", "text/html"), nf("<h1>Error Page</h1>", "text/html")],
  "spring-context": [{ headers: { "x-application-context": "application:8080" } }, { headers: { "x-request-id": "1" } }],
  "spring-actuator": [{ body: '{"_links":{"self":{"href":"http://h/actuator","templated":false}}}' }, { body: '{"_links":{"self":{"href":"http://h/api"}}}' }],
  "java-session": [cookie("JSESSIONID=ABC; Path=/"), cookie("PHPSESSID=abc")],
  "aspnet-kestrel": [server("Kestrel"), server("nginx")],
  "aspnet-problem": [nf('{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"traceId":"00-abc-def-00"}'), nf('{"type":"about:blank","title":"Not Found","status":404}')],
  "aspnet-cookie": [cookie(".AspNetCore.Cookies=abc; path=/"), cookie("AspNetCore=abc")],
  "aspnet-powered": [{ headers: { "x-powered-by": "ASP.NET" } }, { headers: { "x-powered-by": "Express" } }],
  "aspnet-version": [{ headers: { "x-aspnet-version": "4.0.30319" } }, { headers: { "x-aspnet": "yes" } }],
  "gin-404": [nf("404 page not found", "text/plain"), nf("404 Not Found", "text/plain")],
  "echo-404": [nf('{"message":"Not Found"}\n'), nf('{"message":"not found","code":404}')],
  "fiber-404": [nf("Cannot GET /x", "text/plain; charset=utf-8"), nf("<pre>Cannot GET /x</pre>", "text/html")],
  "rails-runtime": [{ headers: { "x-runtime": "0.012345" } }, { headers: { "x-runtime": "fast" } }],
  "rails-session": [cookie("_shop_session=abc; path=/; HttpOnly"), cookie("session=abc")],
  "rails-404": [nf("<h1>The page you were looking for doesn't exist.</h1>", "text/html"), nf("<h1>Page not found</h1>", "text/html")],
  "laravel-session": [cookie("laravel_session=abc; path=/"), cookie("session=abc")],
  "laravel-xsrf": [cookie("XSRF-TOKEN=abc; path=/"), cookie("csrftoken=abc")],
  "phoenix-404": [nf('{"errors":{"detail":"Not Found"}}'), nf('{"errors":[{"detail":"Not Found"}]}')],
  "phoenix-session": [cookie("_my_app_key=SFMyNTY.abc; path=/; HttpOnly"), cookie("_my_app_key=abc")],
  "phoenix-cowboy": [server("Cowboy"), server("Puma")],
  "db-crdb-dsn": [{ body: '{"dsn":"postgresql://app:x@db:26257/bank"}' }, { body: '{"dsn":"postgresql://app:x@db:5432/bank"}' }],
  "db-crdb-rowid": [{ body: '[{"id":912345678901234567}]' }, { body: '[{"id":12345}]' }],
  "db-pg-dsn": [{ body: "postgres://app:pw@db:5432/app" }, { body: "postgres://app:pw@db:26257/app" }],
  "db-mongo-dsn": [{ body: "mongodb+srv://u:p@cluster0.example.net/db" }, { body: "mongo is fine" }],
  "db-mongo-oid": [{ body: '[{"_id":"65a1f0c2e4b0000000000001"}]' }, { body: '[{"_id":"1"}]' }],
  "db-mysql-dsn": [{ body: "mysql://root:pw@db/app" }, { body: "mysql is fine" }],
  "db-redis-dsn": [{ body: "rediss://:pw@cache:6380/0" }, { body: "redis is fine" }],
  "db-uuid-ids": [{ body: '[{"id":"3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b"}]' }, { body: '[{"id":"3f2b8c1e"}]' }],
  "auth-bearer-request": [{ req: { authorization: "Bearer $RAMPART_TOKEN" } }, { req: { authorization: "Basic $RAMPART_BASIC_B64" } }],
  "auth-basic-request": [{ req: { authorization: "Basic $RAMPART_BASIC_B64" } }, { req: { authorization: "Bearer x" } }],
  "auth-apikey-request": [{ req: { "x-api-key": "$RAMPART_X_API_KEY" } }, { req: { "x-request-id": "1" } }],
  "auth-bearer-challenge": [{ status: 401, headers: { "www-authenticate": 'Bearer realm="api"' } }, { status: 401, headers: { "www-authenticate": "Basic" } }],
  "auth-basic-challenge": [{ status: 401, headers: { "www-authenticate": 'Basic realm="api"' } }, { status: 401, headers: { "www-authenticate": "Bearer" } }],
  "auth-jwt-body": [{ body: '{"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"}' }, { body: '{"access_token":"opaque-token"}' }],
  "auth-jwt-request": [{ req: { authorization: "Bearer eyJhbGciOi.eyJzdWIi.sig" } }, { req: { authorization: "Bearer opaque" } }],
  "auth-session-cookie": [cookie("sessionid=abc; HttpOnly"), cookie("theme=dark")],
  "auth-apikey-challenge": [err(401, '{"error":"missing API key"}'), err(401, '{"error":"missing token"}')],
};

describe("fingerprint rule corpus", () => {
  it("covers every rule and nothing else", () => {
    expect(Object.keys(CORPUS).sort()).toEqual(FINGERPRINT_RULES.map((r) => r.id).sort());
  });
  it.each(Object.entries(CORPUS))("%s recognises its sample and not the look-alike", (id, [positive, negative]) => {
    expect(ruleHits(ex(positive))).toContain(id);
    expect(ruleHits(ex(negative))).not.toContain(id);
  });
});
