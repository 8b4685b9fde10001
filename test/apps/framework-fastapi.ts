// Imitates a FastAPI service on uvicorn backed by CockroachDB (asyncpg): `{"detail":"Not Found"}`,
// pydantic 422 bodies, Starlette debug tracebacks, Swagger UI at /docs. Vulnerable and hardened flavours.
import { appHandler, getOp, oddQuotes, html, jsonReply, SWAGGER_UI_HTML, type AppStyle, type Route } from "./framework-common.js";

const N = 12;
export const CUSTOMERS = Array.from({ length: N }, (_, i) => ({
  id: i + 1,
  name: `Customer ${i + 1}`,
  email: `customer${i + 1}@example.org`,
  phone: `+1415555${String(100 + i).padStart(4, "0")}`,
  ssn: i === 0 ? "123-45-6789" : `${String(500 + i)}-${String(10 + i)}-${String(1000 + i)}`,
}));

const masked = (c: (typeof CUSTOMERS)[number]) => ({ id: c.id, name: c.name, ssn_last4: c.ssn.slice(-4) });

const TRACEBACK = `Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/starlette/middleware/errors.py", line 164, in __call__
    await self.app(scope, receive, _send)
  File "/app/main.py", line 88, in latest_report
    return build(report)
KeyError: 'period'`;

const SQL_TRACEBACK = (name: string) => `Traceback (most recent call last):
  File "/app/main.py", line 61, in search_customers
    rows = await db.fetch(f"SELECT * FROM customers WHERE name = '{name}'")
  File "/usr/local/lib/python3.12/site-packages/asyncpg/pool.py", line 631, in fetch
    return await con.fetch(query, *args, timeout=timeout, record_class=record_class)
asyncpg.exceptions.PostgresSyntaxError: at or near "${name.slice(-1)}": syntax error: unterminated string`;

export const fastapiStyle: AppStyle = {
  headers: (hardened): Record<string, string> =>
    hardened ? { "x-content-type-options": "nosniff", "cache-control": "no-store" } : { server: "uvicorn" },
  notFound: () => jsonReply(404, { detail: "Not Found" }),
  methodNotAllowed: () => jsonReply(405, { detail: "Method Not Allowed" }),
};

const intParam = (name: string, value: string) =>
  jsonReply(422, { detail: [{ type: "int_parsing", loc: ["path", name], msg: "Input should be a valid integer, unable to parse string as an integer", input: value }] });

export const fastapiRoutes: Route[] = [
  { path: "/openapi.json", reply: (_r, hardened) => (hardened ? fastapiStyle.notFound(_r) : jsonReply(200, fastapiSpec())) },
  { path: "/docs", reply: (r, hardened) => (hardened ? fastapiStyle.notFound(r) : html(200, SWAGGER_UI_HTML)) },
  { path: "/customers", reply: (_r, hardened) => jsonReply(200, hardened ? CUSTOMERS.slice(0, 3).map(masked) : CUSTOMERS) },
  {
    path: "/customers/search",
    reply: (r, hardened) => {
      const name = r.url.searchParams.get("name") ?? "";
      if (!hardened && oddQuotes(name)) return { status: 500, body: SQL_TRACEBACK(name) };
      return jsonReply(200, []);
    },
  },
  {
    path: "/customers/{customer_id}",
    reply: (r, hardened) => {
      const id = r.params.customer_id!;
      if (!/^\d+$/.test(id)) return intParam("customer_id", id);
      const c = CUSTOMERS[Number(id) - 1];
      if (!c) return jsonReply(404, { detail: "Customer not found" });
      return jsonReply(200, hardened ? masked(c) : c);
    },
  },
  {
    path: "/payments",
    reply: (_r, hardened) =>
      jsonReply(200, [
        { id: 1, amount: 1200, card: hardened ? { brand: "visa", last4: "1111" } : { brand: "visa", number: "4111 1111 1111 1111" } },
        { id: 2, amount: 800, card: hardened ? { brand: "mastercard", last4: "4444" } : { brand: "mastercard", card_number: "5555555555554444" } },
      ]),
  },
  {
    path: "/settings",
    reply: (_r, hardened) =>
      jsonReply(200, hardened ? { currency: "USD", stripe_publishable_key: "pk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d" } : { currency: "USD", stripe_secret_key: "sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d", aws_access_key_id: "AKIAZ7Q2M4K9P3L5T8WA" }),
  },
  { path: "/reports/latest", reply: (_r, hardened) => ({ status: 500, body: hardened ? "Internal Server Error" : TRACEBACK }) },
  { path: "/health", reply: () => jsonReply(200, { status: "ok" }) },
  {
    path: "/.env",
    reply: (r, hardened) =>
      hardened
        ? fastapiStyle.notFound(r)
        : { status: 200, body: "APP_ENV=production\nDATABASE_URL=postgresql://app:s3cr3t-pass@db.internal:26257/customers?sslmode=disable\nSECRET_KEY=Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1\nDEBUG=true\n" },
  },
];

export function fastapiSpec(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Customer Records", version: "0.1.0" },
    paths: {
      "/customers": { get: getOp("List Customers") },
      "/customers/search": { get: getOp("Search Customers", [{ name: "name", in: "query", example: "Ada" }]) },
      "/customers/{customer_id}": { get: getOp("Get Customer", [{ name: "customer_id", in: "path", type: "integer", example: 1 }]) },
      "/payments": { get: getOp("List Payments") },
      "/settings": { get: getOp("Get Settings") },
      "/reports/latest": { get: getOp("Latest Report") },
      "/health": { get: getOp("Health") },
    },
    components: { schemas: { HTTPValidationError: { type: "object", properties: { detail: { type: "array" } } } } },
  };
}

export const fastapiApp = (hardened: boolean) => appHandler(fastapiStyle, fastapiRoutes, hardened);
