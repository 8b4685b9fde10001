/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field by the tests */
// A real `buildServer` on 127.0.0.1 with a temporary store, and a small fetch helper with a bearer token.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildServer, type BuildServerOptions } from "../../src/server/app.js";
import { openStore, type ScanStore } from "../../src/store/index.js";

export interface TestServer {
  url: string;
  app: FastifyInstance;
  store: ScanStore;
  dir: string;
  admin: string;
  token(role: "viewer" | "operator" | "admin"): string;
  call(method: string, p: string, opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  close(): Promise<void>;
}

export async function startApi(extra: Partial<BuildServerOptions> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-server-"));
  const store = openStore({ path: path.join(dir, "rampart.db") });
  const app = await buildServer({ store, ...extra });
  const boot = await app.rampart.tokens.bootstrap(undefined);
  if (!boot.created || !boot.token) throw new Error("bootstrap made no admin token");
  const admin = boot.token;
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const made = new Map<string, string>();
  for (const role of ["viewer", "operator", "admin"] as const) made.set(role, (await app.rampart.tokens.create(role, `test ${role}`)).token);
  return {
    url,
    app,
    store,
    dir,
    admin,
    token(role) {
      return made.get(role) as string;
    },
    async call(method, p, opts = {}) {
      const token = opts.token === undefined ? admin : opts.token;
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (token) headers["authorization"] = `Bearer ${token}`;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(url + p, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      return { status: res.status, body, headers: res.headers, text };
    },
    async close() {
      await app.close();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /api/scans/{id} until the scan has ended. */
export async function waitForScan(s: TestServer, id: string, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await s.call("GET", `/api/scans/${id}`);
    if (!["queued", "running"].includes(r.body?.status)) return r.body;
    if (Date.now() > until) throw new Error(`scan ${id} still ${r.body?.status}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}
