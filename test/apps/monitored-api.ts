// A small HTTPS API whose behaviour a test changes between monitor runs: a stack trace in /items (a finding
// that appears), HSTS (a finding that is fixed when it is sent), an extra operation in its OpenAPI document
// (inventory drift), its certificate (swapped live, e.g. for one about to expire), and the listener itself
// (down and back on the same port). 127.0.0.1 only.
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface MonitoredApiState {
  /** /items answers 500 with a Node.js stack trace. */
  stackTrace: boolean;
  /** Every response carries Strict-Transport-Security. */
  hsts: boolean;
  /** The document lists GET /orders (and the API serves it). */
  orders: boolean;
}

export interface MonitoredApi {
  url: string;
  specUrl: string;
  state: MonitoredApiState;
  /** Serve another certificate from the next handshake on. */
  setCertificate(cert: { certPem: string; keyPem: string }): void;
  /** Stop listening (connections refused) … */
  down(): Promise<void>;
  /** … and listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const TRACE = `Error: connect ECONNREFUSED 10.0.3.7:5432
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)
    at Object.listItems (/srv/app/src/routes/items.js:41:17)
    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)`;

function document(state: MonitoredApiState): Record<string, unknown> {
  const list = (summary: string) => ({
    get: { summary, responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } } },
  });
  return {
    openapi: "3.0.3",
    info: { title: "Monitored API", version: state.orders ? "1.1.0" : "1.0.0" },
    paths: {
      "/items": list("List items"),
      "/health": list("Health"),
      ...(state.orders ? { "/orders": list("List orders") } : {}),
    },
  };
}

export async function startMonitoredApi(cert: { certPem: string; keyPem: string }, initial: Partial<MonitoredApiState> = {}): Promise<MonitoredApi> {
  const state: MonitoredApiState = { stackTrace: false, hsts: false, orders: false, ...initial };
  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const send = (status: number, body: unknown, type = "application/json") => {
      const headers: Record<string, string> = { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" };
      if (state.hsts) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
      res.writeHead(status, headers).end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { error: "method not allowed" });
    if (path === "/openapi.json") return send(200, document(state));
    if (path === "/health") return send(200, { status: "ok" });
    if (path === "/items") return state.stackTrace ? send(500, TRACE, "text/plain") : send(200, { items: [{ id: 1, name: "widget" }] });
    if (path === "/orders" && state.orders) return send(200, { orders: [] });
    return send(404, { error: "not found" });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    specUrl: `${url}/openapi.json`,
    state,
    setCertificate: (c) => server.setSecureContext({ cert: c.certPem, key: c.keyPem }),
    down: stop,
    up: () => listen(port),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
