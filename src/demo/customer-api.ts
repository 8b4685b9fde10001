// The bundled demo target: a FastAPI-style customer-records service backed by CockroachDB, reproducing
// the cryptographic-failure case of the founding article — and its hardened twin. Loopback only.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { demoSpec } from "./customer-spec.js";
import { createDemoCertificates } from "./certs.js";

export interface DemoServer {
  url: string;
  /** PEM of the CA that signed the hardened twin's certificate (null for the plaintext twin). */
  caPem: string | null;
  /** Bearer token the hardened twin accepts. */
  token: string;
  close(): Promise<void>;
}

interface Customer {
  id: number;
  name: string;
  email: string;
  ssn: string;
  card_number: string;
  balance: number;
  owner_id: number;
}

const CUSTOMERS: Customer[] = [
  { id: 1, name: "Ada Byron", email: "ada@example.com", ssn: "219-09-9999", card_number: "4539 1488 0343 6467", balance: 1520.5, owner_id: 1 },
  { id: 2, name: "Alan Turing", email: "alan@example.com", ssn: "078-05-1120", card_number: "5555 5555 5555 4444", balance: 88.1, owner_id: 2 },
  { id: 3, name: "Grace Hopper", email: "grace@example.com", ssn: "536-22-8726", card_number: "3782 822463 10005", balance: 4410, owner_id: 3 },
];

// The leaked configuration of the vulnerable twin: a plaintext CockroachDB DSN and a key shipped with the service.
const LEAKED_DSN = "postgresql://bank_app:Cr0ckPa55@cockroach.internal:26257/bank?sslmode=disable";
const LEAKED_ENV = [
  `DATABASE_URL=${LEAKED_DSN}`,
  "ENCRYPTION_KEY_B64=076uuXaEKRYaX+7bzjU0xDP1VeA+xQuCrXRjgnmsJ40=",
  "APP_ENV=production",
].join("\n");

function mask(c: Customer) {
  return { id: c.id, name: c.name, email_masked: c.email.replace(/^(.).*(@.*)$/, "$1***$2"), ssn_last4: c.ssn.slice(-4), balance: c.balance };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const SWAGGER_UI = `<!doctype html><html><head><title>Customer Records API - Swagger UI</title></head>
<body><div id="swagger-ui"></div><script>window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'})</script></body></html>`;

function traceback(customerId: string): string {
  return [
    "Traceback (most recent call last):",
    '  File "/app/.venv/lib/python3.11/site-packages/uvicorn/protocols/http/httptools_impl.py", line 426, in run_asgi',
    "    result = await app(self.scope, self.receive, self.send)",
    '  File "/app/main.py", line 58, in get_customer',
    '    row = await app.state.db.fetchrow("SELECT * FROM customers WHERE id = $1", customer_id)',
    `asyncpg.exceptions.DataError: invalid input for query argument $1: '${customerId}' (an integer is required)`,
    `  while connecting with DATABASE_URL=${LEAKED_DSN}`,
  ].join("\n");
}

function vulnerableHandler(): http.RequestListener {
  const base = { server: "uvicorn" };
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const p = url.pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { detail: "Method Not Allowed" }, base);
    if (p === "/openapi.json") return send(res, 200, demoSpec(), base);
    if (p === "/docs") return send(res, 200, SWAGGER_UI, { ...base, "content-type": "text/html; charset=utf-8" });
    if (p === "/health") return send(res, 200, { status: "ok", database: "cockroachdb", version: "v23.1.11" }, base);
    if (p === "/session")
      return send(res, 200, { session: "started" }, { ...base, "set-cookie": `session=${randomBytes(12).toString("hex")}; Path=/` });
    if (p === "/.env") return send(res, 200, LEAKED_ENV, base);
    if (p === "/customers") return send(res, 200, CUSTOMERS, base);
    const m = /^\/customers\/([^/]+)$/.exec(p);
    if (m) {
      const raw = decodeURIComponent(m[1] ?? "");
      if (!/^\d+$/.test(raw)) return send(res, 500, traceback(raw), base);
      const c = CUSTOMERS.find((x) => x.id === Number(raw));
      return c ? send(res, 200, c, base) : send(res, 404, { detail: "Customer not found" }, base);
    }
    return send(res, 404, { detail: "Not Found" }, base);
  };
}

function hardenedHandler(token: string): http.RequestListener {
  const base = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  };
  // A fixed-window limiter: RateLimit headers on every answer, 429 past the limit.
  const LIMIT = 300;
  let windowStart = Date.now();
  let used = 0;
  return (req, res) => {
    const url = new URL(req.url ?? "/", "https://localhost");
    const p = url.pathname;
    if (Date.now() - windowStart > 10_000) {
      windowStart = Date.now();
      used = 0;
    }
    used++;
    const rl = { ...base, "ratelimit-limit": String(LIMIT), "ratelimit-remaining": String(Math.max(0, LIMIT - used)), "ratelimit-reset": "10" };
    if (used > LIMIT) return send(res, 429, { detail: "Too Many Requests" }, { ...rl, "retry-after": "1" });
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { detail: "Method Not Allowed" }, rl);
    if (p === "/openapi.json") return send(res, 200, demoSpec(), rl);
    if (p === "/health") return send(res, 200, { status: "ok" }, rl);
    const authorized = req.headers.authorization === `Bearer ${token}`;
    if (p === "/session") {
      if (!authorized) return send(res, 401, { detail: "Not authenticated" }, { ...rl, "www-authenticate": "Bearer" });
      return send(res, 200, { session: "started" }, { ...rl, "set-cookie": `session=${randomBytes(12).toString("hex")}; Path=/; Secure; HttpOnly; SameSite=Strict` });
    }
    if (p === "/customers" || p.startsWith("/customers/")) {
      if (!authorized) return send(res, 401, { detail: "Not authenticated" }, { ...rl, "www-authenticate": "Bearer" });
      if (p === "/customers") return send(res, 200, { items: CUSTOMERS.filter((c) => c.owner_id === 1).map(mask), limit: 20, next: null }, rl);
      const raw = decodeURIComponent(p.slice("/customers/".length));
      if (!/^\d+$/.test(raw)) return send(res, 422, { detail: [{ loc: ["path", "customer_id"], msg: "value is not a valid integer" }] }, rl);
      const c = CUSTOMERS.find((x) => x.id === Number(raw) && x.owner_id === 1);
      return c ? send(res, 200, mask(c), rl) : send(res, 404, { detail: "Not Found" }, rl);
    }
    return send(res, 404, { detail: "Not Found" }, rl);
  };
}

async function listen(server: http.Server | https.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the demo on 127.0.0.1 (port 0 = ephemeral). */
export async function startDemo(opts: { hardened: boolean; port?: number }): Promise<DemoServer> {
  const token = randomBytes(16).toString("hex");
  let server: http.Server | https.Server;
  let caPem: string | null = null;
  if (opts.hardened) {
    const certs = await createDemoCertificates();
    caPem = certs.caPem;
    server = https.createServer(
      {
        cert: certs.certPem,
        key: certs.keyPem,
        minVersion: "TLSv1.2",
        ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305",
      },
      hardenedHandler(token),
    );
  } else {
    server = http.createServer(vulnerableHandler());
  }
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const port = await listen(server, opts.port ?? 0);
  return {
    url: `${opts.hardened ? "https" : "http"}://127.0.0.1:${port}`,
    caPem,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
