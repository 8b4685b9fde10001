// Content signatures of the probe wordlists: every debug and docs path has a body that proves a hit
// and a look-alike (catch-all page, generic 200) that must not count. Also the tier bounds.
import { describe, expect, it } from "vitest";
import { DEBUG_PATHS, DOCS_PATHS, inTier, UNDOCUMENTED_PATHS } from "../../src/patterns/wordlists.js";

const ENV = "APP_ENV=production\nDATABASE_URL=postgres://u:p@db/app\nSECRET_KEY=abc\n";
const SWAGGER = '<div id="swagger-ui"></div><script>SwaggerUIBundle({url: "/openapi.json"})</script>';
const GENERIC = '<!doctype html><html><head><title>App</title></head><body><div id="root"></div></body></html>';
const METRICS = "# HELP http_requests_total Total requests\n# TYPE http_requests_total counter\nhttp_requests_total 5\n";

const DEBUG: Record<string, [string, string]> = {
  "/.env": [ENV, "Cannot GET /.env"],
  "/.git/config": ["[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n", "[core] is a word"],
  "/actuator/env": ['{"activeProfiles":["prod"],"propertySources":[]}', '{"status":"UP"}'],
  "/debug/pprof/": ["<p>Types of profiles available:</p>", "pprof is a tool"],
  "/server-status": ["<h1>Apache Server Status for localhost</h1>", "status: ok"],
  "/phpinfo.php": ["<title>PHP 8.2.1 - phpinfo()</title>", "<?php phpinfo ?>"],
  "/__debug__/": ['<div id="djDebug">', "debug off"],
  "/console": ["<title>Werkzeug Console</title>", "console.log('x')"],
  "/actuator": ['{"_links":{"self":{"href":"http://h/actuator","templated":false}}}', '{"_links":{}}'],
  "/actuator/heapdump": ["application/octet-stream", "application/json"],
  "/actuator/configprops": ['{"contexts":{"application":{"beans":{}}}}', '{"contexts":{}}'],
  "/actuator/mappings": ['{"contexts":{"application":{"mappings":{}}}}', '{"mappings":{}}'],
  "/env": ['{"profiles":[],"propertySources":[]}', '{"env":"prod"}'],
  "/jolokia": ['{"agent":"1.7.2","protocol":"7.2"}', '{"agent":"smith"}'],
  "/h2-console": ["<title>H2 Console</title>", "<title>Console</title>"],
  "/debug/vars": ['{"cmdline":["/app"],"memstats":{}}', '{"vars":{}}'],
  "/debug": ['{"environ":{"PATH":"/usr/bin","HOME":"/root"}}', '{"debug":false}'],
  "/_profiler": ["<title>Symfony Profiler</title>", "profiler disabled"],
  "/rails/info/properties": ["<td>Rails version</td><td>7.1.2</td>", "Rails"],
  "/rails/info/routes": ["<p>Routes match in priority from top to bottom</p>", "routes"],
  "/elmah.axd": ["<h1>Error Log for ROOT on WEB01</h1>", "error log"],
  "/trace.axd": ["<h1>Application Trace</h1>", "trace"],
  "/_ignition/health-check": ['{"can_execute_commands":true}', '{"healthy":true}'],
  "/telescope/requests": ['<div id="telescope" class="telescope-app">', "requests"],
  "/info.php": ["<title>PHP 8.2.1 - phpinfo()</title>", "info"],
  "/metrics": [METRICS, "metrics: ok"],
  "/actuator/prometheus": [METRICS, '{"status":"UP"}'],
  "/nginx_status": ["Active connections: 3 \nserver accepts handled requests\n", "connections"],
  "/server-info": ["<h1>Apache Server Information</h1>", "server info"],
  "/.git/HEAD": ["ref: refs/heads/main\n", "HEAD"],
  "/.svn/entries": ["12\n", "entries"],
  "/.DS_Store": ["\u0000\u0000\u0000\u0001Bud1\u0000", "DS_Store"],
  "/.aws/credentials": ["[default]\naws_access_key_id = AKIAxxxx\n", "[default]"],
  "/config.json": ['{"database_password":"x","secret":"abcdefghij"}', '{"theme":"dark"}'],
  "/docker-compose.yml": ["services:\n  api:\n    image: app:latest\n", "services: none"],
  "/web.config": ["<configuration><system.webServer></system.webServer><system.web/></configuration>", "<configuration/>"],
  "/.env.production": [ENV, GENERIC],
  "/.env.local": [ENV, GENERIC],
  "/_debug_toolbar/": ['<div id="fastapi-debug-toolbar">', GENERIC],
  "/debug/default/view": ["<title>Yii Debugger</title>", GENERIC],
};

const DOCS: Record<string, [string, string]> = {
  "/docs": [SWAGGER, GENERIC],
  "/swagger-ui.html": [SWAGGER, GENERIC],
  "/swagger": [SWAGGER, GENERIC],
  "/redoc": ['<redoc spec-url="/openapi.json"></redoc><script src="redoc.standalone.js">', GENERIC],
  "/openapi.json": ['{"openapi":"3.1.0","info":{}}', '{"swagger":"2.0"}'],
  "/swagger.json": ['{"swagger":"2.0","info":{}}', '{"title":"x"}'],
  "/v3/api-docs": ['{"openapi":"3.0.1"}', '{"swagger":"2.0"}'],
  "/v2/api-docs": ['{"swagger":"2.0"}', '{"openapi":"3.0.1"}'],
  "/swagger/index.html": [SWAGGER, GENERIC],
  "/swagger-ui/index.html": [SWAGGER, GENERIC],
  "/api-docs": [SWAGGER, GENERIC],
  "/api/docs": [SWAGGER, GENERIC],
  "/graphiql": ['<div id="graphiql">Loading...</div><script src="graphiql.min.js">', '{"path":"/graphiql"}'],
  "/graphql": ["<title>GraphQL Playground</title>", '{"errors":[{"message":"Must provide query string."}]}'],
  "/openapi.yaml": ["openapi: 3.0.3\ninfo:\n  title: x\n", "title: x"],
  "/swagger.yaml": ["swagger: '2.0'\n", "title: x"],
  "/playground": ["<title>GraphQL Playground</title>", "playground"],
  "/altair": ["<title>Altair</title>", "altair"],
  "/scalar": ['<script id="api-reference" data-url="/openapi.json"></script>', "scalar"],
  "/rapidoc": ['<rapi-doc spec-url="/openapi.json"></rapi-doc>', "rapidoc"],
};

describe("debug path signatures", () => {
  it("cover every row", () => expect(Object.keys(DEBUG).sort()).toEqual(DEBUG_PATHS.map((r) => r.path).sort()));
  it.each(DEBUG_PATHS.map((r) => [r.path, r] as const))("%s", (path, row) => {
    const [yes, no] = DEBUG[path]!;
    expect(row.signature.test(yes)).toBe(true);
    expect(row.signature.test(no)).toBe(false);
    expect(row.signature.test(GENERIC)).toBe(false);
  });
});

describe("docs path signatures", () => {
  it("cover every row", () => expect(Object.keys(DOCS).sort()).toEqual(DOCS_PATHS.map((r) => r.path).sort()));
  it.each(DOCS_PATHS.map((r) => [r.path, r] as const))("%s", (path, row) => {
    const [yes, no] = DOCS[path]!;
    expect(row.signature.test(yes)).toBe(true);
    expect(row.signature.test(no)).toBe(false);
  });
});

describe("tiers", () => {
  const count = (rows: readonly { tier: number; frameworks?: readonly string[] }[], depth: "quick" | "standard" | "deep", fw: string | null = null) => rows.filter((r) => inTier(r, depth, fw)).length;
  it("bound the lists by depth, with framework rows promoted one tier", () => {
    expect(count(DEBUG_PATHS, "quick")).toBeLessThan(count(DEBUG_PATHS, "standard"));
    expect(count(DEBUG_PATHS, "standard")).toBeLessThan(count(DEBUG_PATHS, "deep"));
    expect(count(DEBUG_PATHS, "standard")).toBeLessThanOrEqual(25);
    expect(count(DEBUG_PATHS, "standard", "spring-boot")).toBeGreaterThan(count(DEBUG_PATHS, "standard"));
    expect(count(DOCS_PATHS, "standard") + count(UNDOCUMENTED_PATHS, "standard") + count(DEBUG_PATHS, "standard")).toBeLessThanOrEqual(50);
  });
  it("never lists a path twice", () => {
    for (const rows of [DEBUG_PATHS, DOCS_PATHS, UNDOCUMENTED_PATHS]) {
      const paths = rows.map((r) => r.path);
      expect(new Set(paths).size).toBe(paths.length);
    }
  });
});
