// Imitates a Spring Boot 3 service on Tomcat with PostgreSQL over JDBC: the `{timestamp,status,error,path}`
// error body (Whitelabel page for browsers), JSESSIONID, Actuator endpoints, springdoc at /v3/api-docs.
// Vulnerable: actuator exposed, stack traces in errors, SQL by concatenation, v1 still live, TRACE on,
// undocumented admin endpoint. Hardened: Spring Security defaults, actuator off, v1 retired.
import { appHandler, getOp, oddQuotes, html, jsonReply, type AppStyle, type Reply, type Request, type Route } from "./framework-common.js";

const stamp = "2024-05-01T10:00:00.000+00:00";
const springError = (status: number, error: string, path: string, extra: Record<string, string> = {}): Reply =>
  jsonReply(status, { timestamp: stamp, status, error, ...extra, path });

const whitelabel = (status: number, error: string): Reply =>
  html(status, `<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div id='created'>Wed May 01 10:00:00 UTC 2024</div><div>There was an unexpected error (type=${error}, status=${status}).</div></body></html>`);

export const ACCOUNTS = Array.from({ length: 8 }, (_, i) => ({ id: 1001 + i, owner: `owner${i}`, balance: 100 * i }));

const SQL_TRACE = (owner: string): string =>
  `org.springframework.jdbc.BadSqlGrammarException: StatementCallback; bad SQL grammar [SELECT * FROM accounts WHERE owner = '${owner}']\n\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:101)\n\tat com.example.accounts.AccountRepository.search(AccountRepository.java:42)\nCaused by: org.postgresql.util.PSQLException: ERROR: unterminated quoted string at or near "'${owner.slice(-1)}'"`;

function rate(hardened: boolean, state: { n: number }): { limited: boolean; headers: Record<string, string> } {
  if (!hardened) return { limited: false, headers: {} };
  state.n++;
  return { limited: state.n > 20, headers: { "x-ratelimit-limit": "20", "x-ratelimit-remaining": String(Math.max(0, 20 - state.n)) } };
}

export function springApp(hardened: boolean) {
  const state = { n: 0 };
  const wantsHtml = (r: Request): boolean => /text\/html/.test(String(r.headers.accept ?? ""));
  const notFound = (r: Request): Reply => (wantsHtml(r) ? whitelabel(404, "Not Found") : springError(404, "Not Found", r.url.pathname));
  const style: AppStyle = {
    headers: (h): Record<string, string> =>
      h
        ? { "x-content-type-options": "nosniff", "cache-control": "no-cache, no-store, max-age=0, must-revalidate", "x-frame-options": "DENY" }
        : { "set-cookie": "JSESSIONID=4F2A9C1B7E3D5A6F8B0C2D4E6F8A0B1C; Path=/; HttpOnly" },
    notFound,
    methodNotAllowed: (r) => springError(405, "Method Not Allowed", r.url.pathname),
  };
  const api = (fn: (r: Request) => Reply) => (r: Request): Reply => {
    const rl = rate(hardened, state);
    if (rl.limited) return { status: 429, body: "", headers: rl.headers };
    const out = fn(r);
    return { ...out, headers: { ...out.headers, ...rl.headers } };
  };
  const vulnOnly = (reply: (r: Request) => Reply) => (r: Request): Reply => (hardened ? notFound(r) : reply(r));
  const allow = hardened ? "GET,HEAD,OPTIONS" : "GET,HEAD,POST,PUT,DELETE,OPTIONS,PATCH";
  const options: Route[] = ["/api/v2/accounts", "/api/v2/accounts/{id}", "/api/v2/accounts/search", "/api/v2/reports/export"].map((path) => ({
    method: "OPTIONS",
    path,
    reply: () => ({ status: 200, body: "", headers: { allow } }),
  }));
  const routes: Route[] = [
    ...options,
    { path: "/api/v2/accounts", reply: api(() => jsonReply(200, ACCOUNTS)) },
    {
      path: "/api/v2/accounts/search",
      reply: api((r) => {
        const owner = r.url.searchParams.get("owner") ?? "";
        if (!hardened && oddQuotes(owner)) return springError(500, "Internal Server Error", r.url.pathname, { trace: SQL_TRACE(owner), message: "StatementCallback; bad SQL grammar" });
        return jsonReply(200, ACCOUNTS.filter((a) => a.owner === owner));
      }),
    },
    {
      path: "/api/v2/accounts/{id}",
      reply: api((r) => {
        const id = r.params.id!;
        if (!/^\d+$/.test(id)) return springError(400, "Bad Request", r.url.pathname);
        const a = ACCOUNTS.find((x) => String(x.id) === id);
        return a ? jsonReply(200, a) : springError(404, "Not Found", r.url.pathname);
      }),
    },
    { path: "/api/v2/reports/export", reply: api((r) => (hardened ? springError(410, "Gone", r.url.pathname) : jsonReply(200, { rows: ACCOUNTS.length }))) },
    { path: "/api/v1/accounts", reply: vulnOnly(() => jsonReply(200, ACCOUNTS.map((a) => ({ ...a, legacy: true })))) },
    { path: "/api/admin", reply: vulnOnly(() => jsonReply(200, { users: 8, maintenance: false })) },
    { path: "/actuator", reply: vulnOnly(() => jsonReply(200, { _links: { self: { href: "http://127.0.0.1/actuator", templated: false }, env: { href: "http://127.0.0.1/actuator/env", templated: false } } })) },
    {
      path: "/actuator/env",
      reply: vulnOnly(() =>
        jsonReply(200, {
          activeProfiles: ["prod"],
          propertySources: [{ name: "systemEnvironment", properties: { SPRING_DATASOURCE_PASSWORD: { value: "******" }, STRIPE_API_KEY: { value: "sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d" } } }],
        }),
      ),
    },
    { path: "/actuator/heapdump", reply: vulnOnly(() => ({ status: 200, body: Buffer.from("JAVA PROFILE 1.0.2\0"), headers: { "content-type": "application/octet-stream", "content-disposition": 'attachment; filename="heapdump"' } })) },
    { method: "TRACE", path: "/api/v2/accounts", reply: (r) => (hardened ? springError(405, "Method Not Allowed", r.url.pathname) : { status: 200, body: `TRACE ${r.url.pathname} HTTP/1.1\r\nhost: x\r\n`, headers: { "content-type": "message/http" } }) },
  ];
  return appHandler(style, routes, hardened);
}

export function springSpec(hardened: boolean): Record<string, unknown> {
  const paging = hardened ? [{ name: "page", in: "query" as const, type: "integer" }, { name: "size", in: "query" as const, type: "integer" }] : [];
  const list = getOp("List accounts", paging);
  list.responses = { "200": { description: "OK", content: { "application/json": { schema: { type: "array", items: { type: "object" } } } } } };
  return {
    openapi: "3.0.1",
    info: { title: "Accounts API", version: "v2" },
    servers: [{ url: "/" }],
    paths: {
      "/api/v2/accounts": { get: list },
      "/api/v2/accounts/search": { get: getOp("Search accounts", [{ name: "owner", in: "query", example: "owner1" }]) },
      "/api/v2/accounts/{id}": { get: getOp("Get account", [{ name: "id", in: "path", type: "integer", example: 1002 }]) },
      "/api/v2/reports/export": { get: getOp("Export report (deprecated)", [], { deprecated: true }) },
    },
  };
}
