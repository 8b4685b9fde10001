// Bounded, framework-aware wordlists for probes. Every path carries the content signature that proves a
// hit: many APIs answer 200 to everything, so status alone never counts. `tier` bounds the list by
// depth (quick ⊂ standard ⊂ deep); `frameworks` promotes rows when the fingerprint names the stack.
import type { Depth, Severity } from "../core/types.js";
import type { FrameworkName } from "./error-signatures.js";

export const TIERS: Record<Depth, number> = { quick: 0, standard: 1, deep: 2 };

export interface ProbePath {
  path: string;
  /** 0 = quick, 1 = standard, 2 = deep. */
  tier: 0 | 1 | 2;
  /** Body must match (or, for HEAD rows, headers must satisfy `headSignature`). */
  signature: RegExp;
  method?: "GET" | "HEAD";
  /** Stacks this surface belongs to; promoted one tier when the fingerprint names one. */
  frameworks?: readonly FrameworkName[];
  title: string;
}

export interface DebugPath extends ProbePath {
  /** Content there usually includes credentials (raises the finding to critical when secrets are seen). */
  secrets: boolean;
  /** Lower than the check's default for surfaces that leak little (metrics, status pages). */
  severity?: Severity;
}

// Content checks that make a debug/ops hit certain.
const ENV_FILE = /^(?:export\s+)?[A-Z][A-Z0-9_]{1,60}=[^\n]*\n(?:[^\n]*\n){0,40}?(?:export\s+)?[A-Z][A-Z0-9_]{1,60}=/m;

export const DEBUG_PATHS: readonly DebugPath[] = [
  { path: "/.env", tier: 0, secrets: true, title: "Environment file (.env)", signature: ENV_FILE },
  { path: "/.git/config", tier: 0, secrets: false, title: "Git repository metadata", signature: /\[core\][\s\S]{0,400}repositoryformatversion/ },
  { path: "/actuator/env", tier: 0, secrets: true, frameworks: ["spring-boot"], title: "Spring Boot Actuator environment", signature: /"(?:propertySources|activeProfiles)"\s*:/ },
  { path: "/debug/pprof/", tier: 0, secrets: false, frameworks: ["gin", "echo", "fiber"], title: "Go pprof profiler", signature: /Types of profiles available|<a href=['"]?goroutine\?debug=/ },
  { path: "/server-status", severity: "medium", tier: 0, secrets: false, title: "Apache server-status", signature: /Apache Server Status for|Server uptime:|Total accesses:/ },
  { path: "/phpinfo.php", tier: 0, secrets: true, frameworks: ["laravel", "symfony"], title: "phpinfo() page", signature: /<title>PHP \d[^<]{0,20} - phpinfo\(\)<\/title>|>PHP Version <\/td>|phpinfo\(\)/ },
  { path: "/__debug__/", tier: 0, secrets: true, frameworks: ["django"], title: "Django Debug Toolbar", signature: /djdt|djDebug|debug_toolbar/ },
  { path: "/console", tier: 0, secrets: false, frameworks: ["flask", "rails", "spring-boot"], title: "Interactive console (Werkzeug / web-console / H2)", signature: /Werkzeug (?:Interactive )?Console|__debugger__|console-inner|H2 Console|web-console|Interactive Console/i },
  { path: "/actuator", severity: "medium", tier: 1, secrets: false, frameworks: ["spring-boot"], title: "Spring Boot Actuator index", signature: /"_links"\s*:\s*\{\s*"self"\s*:\s*\{\s*"href"\s*:\s*"[^"]{0,300}"\s*,\s*"templated"/ },
  { path: "/actuator/heapdump", tier: 1, method: "HEAD", secrets: true, frameworks: ["spring-boot"], title: "Spring Boot Actuator heap dump", signature: /application\/octet-stream|heapdump/i },
  { path: "/actuator/configprops", tier: 2, secrets: true, frameworks: ["spring-boot"], title: "Spring Boot Actuator configprops", signature: /"contexts"\s*:[\s\S]{0,400}"beans"\s*:/ },
  { path: "/actuator/mappings", severity: "medium", tier: 2, secrets: false, frameworks: ["spring-boot"], title: "Spring Boot Actuator mappings", signature: /"contexts"\s*:[\s\S]{0,400}"mappings"\s*:/ },
  { path: "/env", tier: 2, secrets: true, frameworks: ["spring-boot"], title: "Spring Boot 1.x environment", signature: /"(?:propertySources|profiles)"\s*:\s*[[{][\s\S]{0,2000}"systemProperties|"propertySources"/ },
  { path: "/jolokia", tier: 2, secrets: false, frameworks: ["spring-boot"], title: "Jolokia JMX bridge", signature: /"agent"\s*:\s*"[\d.]+"[\s\S]{0,300}"protocol"|jolokia/i },
  { path: "/h2-console", tier: 1, secrets: false, frameworks: ["spring-boot"], title: "H2 database console", signature: /H2 Console|h2-console|login\.jsp\?jsessionid/i },
  { path: "/debug/vars", tier: 1, secrets: false, frameworks: ["gin", "echo", "fiber"], title: "Go expvar", signature: /"cmdline"\s*:\s*\[[\s\S]{0,4000}"memstats"\s*:/ },
  { path: "/debug", tier: 1, secrets: true, title: "Debug endpoint", signature: /"(?:environ|env|environment)"\s*:\s*\{[\s\S]{0,4000}"(?:PATH|HOME|HOSTNAME)"|DEBUG\s*=\s*True|Werkzeug Debugger/ },
  { path: "/_profiler", tier: 1, secrets: true, frameworks: ["symfony", "laravel"], title: "Symfony profiler", signature: /Symfony Profiler|sf-toolbar|_profiler\/[0-9a-f]{6}/ },
  { path: "/rails/info/properties", tier: 1, secrets: false, frameworks: ["rails"], title: "Rails info page", signature: /Rails version|Ruby version|Rack version/ },
  { path: "/rails/info/routes", severity: "medium", tier: 2, secrets: false, frameworks: ["rails"], title: "Rails routes page", signature: /Routes match in priority|<th>Helper<\/th>/ },
  { path: "/elmah.axd", tier: 1, secrets: true, frameworks: ["aspnet-core"], title: "ELMAH error log", signature: /Error Log for|ELMAH/ },
  { path: "/trace.axd", tier: 2, secrets: true, frameworks: ["aspnet-core"], title: "ASP.NET trace viewer", signature: /Application Trace|Trace Information/ },
  { path: "/_ignition/health-check", tier: 1, secrets: false, frameworks: ["laravel"], title: "Laravel Ignition", signature: /"can_execute_commands"\s*:/ },
  { path: "/telescope/requests", tier: 2, secrets: true, frameworks: ["laravel"], title: "Laravel Telescope", signature: /Telescope|telescope-app/ },
  { path: "/info.php", tier: 2, secrets: true, frameworks: ["laravel", "symfony"], title: "phpinfo() page", signature: /<title>PHP \d[^<]{0,20} - phpinfo\(\)<\/title>|>PHP Version <\/td>/ },
  { path: "/metrics", severity: "medium", tier: 1, secrets: false, title: "Prometheus metrics", signature: /^# (?:HELP|TYPE) [a-z_:][a-z0-9_:]* /m },
  { path: "/actuator/prometheus", severity: "medium", tier: 2, secrets: false, frameworks: ["spring-boot"], title: "Actuator Prometheus metrics", signature: /^# (?:HELP|TYPE) [a-z_:][a-z0-9_:]* /m },
  { path: "/nginx_status", severity: "low", tier: 2, secrets: false, title: "nginx stub_status", signature: /Active connections:\s*\d+/ },
  { path: "/server-info", severity: "medium", tier: 2, secrets: false, title: "Apache server-info", signature: /Apache Server Information|Server Settings/ },
  { path: "/.git/HEAD", severity: "medium", tier: 1, secrets: false, title: "Git HEAD", signature: /^ref: refs\/heads\/[\w./-]+\s*$/ },
  { path: "/.svn/entries", tier: 2, secrets: false, title: "Subversion metadata", signature: /^(?:\d+\s*\n|<\?xml[\s\S]{0,200}<wc-entries)/ },
  { path: "/.DS_Store", severity: "low", tier: 2, secrets: false, title: "macOS .DS_Store listing", signature: /Bud1/ },
  { path: "/.aws/credentials", tier: 1, secrets: true, title: "AWS credentials file", signature: /aws_access_key_id\s*=/ },
  { path: "/config.json", tier: 2, secrets: true, title: "Configuration file", signature: /"(?:db|database)[_-]?(?:password|url|uri)"\s*:|"(?:secret|api[_-]?key|client_secret)"\s*:\s*"[^"]{8,}/i },
  { path: "/docker-compose.yml", tier: 2, secrets: true, title: "docker-compose file", signature: /^services:\s*$[\s\S]{0,400}^\s+image:/m },
  { path: "/web.config", tier: 2, secrets: true, frameworks: ["aspnet-core"], title: "IIS web.config", signature: /<configuration>[\s\S]{0,2000}<system\.web/ },
  { path: "/.env.production", tier: 2, secrets: true, title: "Environment file (.env.production)", signature: ENV_FILE },
  { path: "/.env.local", tier: 2, secrets: true, title: "Environment file (.env.local)", signature: ENV_FILE },
  { path: "/_debug_toolbar/", tier: 2, secrets: false, frameworks: ["fastapi", "starlette"], title: "FastAPI debug toolbar", signature: /debug[_-]toolbar|fastapi-debug-toolbar/i },
  { path: "/debug/default/view", tier: 2, secrets: true, title: "Yii debug module", signature: /Yii Debugger|yii-debug-toolbar/ },
];

export const DOCS_PATHS: readonly ProbePath[] = [
  { path: "/docs", tier: 0, title: "Swagger UI", frameworks: ["fastapi"], signature: /swagger-ui|SwaggerUIBundle/ },
  { path: "/swagger-ui.html", tier: 0, title: "Swagger UI", frameworks: ["spring-boot"], signature: /swagger-ui|SwaggerUIBundle/ },
  { path: "/swagger", tier: 0, title: "Swagger UI", frameworks: ["aspnet-core"], signature: /swagger-ui|SwaggerUIBundle/ },
  { path: "/redoc", tier: 0, title: "ReDoc", frameworks: ["fastapi"], signature: /<redoc|redoc\.standalone|Redoc\.init/i },
  { path: "/openapi.json", tier: 1, title: "OpenAPI document", signature: /"openapi"\s*:\s*"3/ },
  { path: "/swagger.json", tier: 1, title: "Swagger document", signature: /"swagger"\s*:\s*"2|"openapi"\s*:\s*"3/ },
  { path: "/v3/api-docs", tier: 1, title: "OpenAPI document (springdoc)", frameworks: ["spring-boot"], signature: /"openapi"\s*:\s*"3/ },
  { path: "/v2/api-docs", tier: 2, title: "Swagger document (springfox)", frameworks: ["spring-boot"], signature: /"swagger"\s*:\s*"2/ },
  { path: "/swagger/index.html", tier: 1, title: "Swagger UI", frameworks: ["aspnet-core", "gin", "echo"], signature: /swagger-ui|SwaggerUIBundle/ },
  { path: "/swagger-ui/index.html", tier: 1, title: "Swagger UI", frameworks: ["spring-boot"], signature: /swagger-ui|SwaggerUIBundle/ },
  { path: "/api-docs", tier: 1, title: "API docs", frameworks: ["express", "nestjs"], signature: /swagger-ui|SwaggerUIBundle|"openapi"\s*:\s*"3|"swagger"\s*:\s*"2/ },
  { path: "/api/docs", tier: 1, title: "API docs", frameworks: ["nestjs", "express"], signature: /swagger-ui|SwaggerUIBundle|<redoc/ },
  { path: "/graphiql", tier: 1, title: "GraphiQL", signature: /graphiql(?:\.min)?\.(?:js|css)|id=["']graphiql["']|GraphiQL\s*[,(]|createGraphiQLFetcher/ },
  { path: "/graphql", tier: 1, title: "GraphQL IDE", signature: /graphiql(?:\.min)?\.(?:js|css)|id=["']graphiql["']|<title>GraphQL Playground|graphql-playground-react|altair-graphql|embeddable-sandbox|apollo-server-landing-page/i },
  { path: "/openapi.yaml", tier: 2, title: "OpenAPI document (YAML)", signature: /^openapi:\s*["']?3/m },
  { path: "/swagger.yaml", tier: 2, title: "Swagger document (YAML)", signature: /^(?:swagger:\s*["']?2|openapi:\s*["']?3)/m },
  { path: "/playground", tier: 2, title: "GraphQL Playground", signature: /<title>GraphQL Playground|graphql-playground-react/i },
  { path: "/altair", tier: 2, title: "Altair GraphQL client", signature: /<app-root>[\s\S]{0,400}altair|altair-graphql|<title>Altair<\/title>/i },
  { path: "/scalar", tier: 2, title: "Scalar API reference", signature: /@scalar\/api-reference|id=["']api-reference["']/i },
  { path: "/rapidoc", tier: 2, title: "RapiDoc", signature: /<rapi-doc/i },
];

/** Endpoints a spec often leaves out; live ones are judged against a random-path baseline. (Debug and
 *  docs surfaces have their own lists with content signatures.) */
export const UNDOCUMENTED_PATHS: readonly { path: string; tier: 0 | 1 | 2 }[] = [
  { path: "/admin", tier: 0 }, { path: "/internal", tier: 0 }, { path: "/api/admin", tier: 0 }, { path: "/users", tier: 0 },
  { path: "/api/users", tier: 1 }, { path: "/api/internal", tier: 1 }, { path: "/api/v1/users", tier: 1 }, { path: "/export", tier: 1 },
  { path: "/backup", tier: 1 }, { path: "/config", tier: 1 }, { path: "/api/config", tier: 1 }, { path: "/test", tier: 1 },
  { path: "/private", tier: 2 }, { path: "/management", tier: 2 }, { path: "/api/private", tier: 2 }, { path: "/dev", tier: 2 },
  { path: "/staging", tier: 2 }, { path: "/old", tier: 2 }, { path: "/api/keys", tier: 2 }, { path: "/tokens", tier: 2 },
  { path: "/logs", tier: 2 }, { path: "/accounts", tier: 2 }, { path: "/customers", tier: 2 }, { path: "/settings", tier: 2 },
  { path: "/api/export", tier: 2 }, { path: "/api/graphql", tier: 2 }, { path: "/api/test", tier: 2 }, { path: "/api/v1/admin", tier: 2 },
];

/** Query parameter names that size a page. */
export const PAGE_SIZE_PARAMS = /^(?:limit|size|per_?page|page_?size|pagesize|perpage|count|max|max_?results|top|\$top|first|last|take|num|rows|items_?per_?page|results_?per_?page|batch_?size)$/i;

/** Any parameter that pages (offset, cursor, page …), including the sizing ones. */
export const PAGINATION_PARAMS =
  /^(?:limit|size|per_?page|page_?size|pagesize|perpage|count|max|max_?results|top|\$top|first|last|take|num|rows|items_?per_?page|results_?per_?page|batch_?size|offset|page|page_?number|page_?token|next_?page_?token|start|start_?index|skip|\$skip|cursor|after|before|since|since_?id|max_?id|from|starting_?after|ending_before|continuation(?:_?token)?|marker|next|page\[\w+\])$/i;

/** Paths of AI/LLM endpoints (never bursted). */
export const AI_PATH = /(?:^|\/)(?:chat|completions?|messages|ask|prompt|generate|agent|assistant|llm|ai|embeddings|inference|conversations?)(?:\/|$)/i;

export function inTier(row: { tier: number; frameworks?: readonly string[] }, depth: Depth, framework: string | null): boolean {
  const promoted = framework !== null && row.frameworks?.includes(framework) ? 1 : 0;
  return row.tier - promoted <= TIERS[depth];
}

/** Version-like path segments: `/v2`, `/v2.1`, `/2023-10-01`. */
export const VERSION_SEGMENT = /\/(v)(\d+)(?:\.\d+)?(?=\/|$)/i;

/** Pre-release prefixes tried beside a versioned API at deep depth. */
export const PRERELEASE_SEGMENTS = ["beta", "alpha", "internal"] as const;

/** Header or query parameter names that carry an API version. */
export const VERSION_PARAMS = /^(?:api[-_]?version|x-api-version|accept-version|version|v)$/i;
