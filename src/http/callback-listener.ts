// A short-lived HTTP listener on the scanner's side, for probes whose proof is the target fetching something
// from the scanner (a `jku` key set, an `x5u` certificate). It only serves the documents a check registers
// and records who fetched them; it sends nothing. Loopback targets get 127.0.0.1 on an ephemeral port; any
// other target needs --callback-host (the address the target can reach the scanner at), else no listener.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { UsageError } from "../core/errors.js";
import { privateRange } from "./active-target.js";

/** One request the listener saw for a served document. */
export interface CallbackHit {
  /** ISO time it arrived. */
  at: string;
  method: string;
  path: string;
  userAgent: string | null;
  /** The peer address (the target, or a proxy in front of it). */
  from: string;
}

export interface CallbackListener {
  /** `http://host:port/<random>`: documents are served under this prefix. */
  readonly baseUrl: string;
  /** Serves `body` at `baseUrl + path`; returns that URL. */
  serve(path: string, body: string, contentType: string): string;
  /** Requests for served documents so far (bounded). */
  hits(path?: string): readonly CallbackHit[];
  close(): Promise<void>;
}

/** Where to listen and what URL the target is told. */
export interface CallbackEndpoint {
  /** Interface to bind: loopback for a loopback target or address, undefined (every interface) for another --callback-host. */
  bind: string | undefined;
  port: number;
  /** Host the URL names. */
  host: string;
}

const MAX_HITS = 50;
const MAX_BODY = 65_536;

/** `host[:port]` of --callback-host (an IPv6 literal in brackets); a clear one-line error, naming the
 *  surface's own setting (`setting`), otherwise. */
export function parseCallbackHost(value: string, setting = "--callback-host"): { host: string; port: number } {
  const text = value.trim();
  const usage = `${setting} must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got '${text.slice(0, 200)}')`;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(text);
  const port = m?.[2] === undefined ? 0 : Number(m[2]);
  if (!m?.[1] || port > 65_535) throw new UsageError(usage);
  return { host: m[1], port };
}

/** --callback-host, checked now (a bad value is a one-line usage error before anything is sent); null when unset. */
export function callbackHostSetting(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  parseCallbackHost(text);
  return text;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || privateRange(h) === "loopback";
}

/** The listener's endpoint for a target, or null when the target is not on loopback and no callback host was named. */
export function callbackEndpoint(callbackHost: string | null, targetHost: string): CallbackEndpoint | null {
  if (callbackHost) {
    const { host, port } = parseCallbackHost(callbackHost);
    // A loopback address named on purpose is bound alone; any other name may be NAT'd to us: every interface.
    const literal = host.replace(/^\[|\]$/g, "");
    return { bind: privateRange(literal) === "loopback" ? literal : undefined, port, host };
  }
  if (!isLoopbackHost(targetHost)) return null;
  const v6 = targetHost.replace(/^\[|\]$/g, "") === "::1";
  return { bind: v6 ? "::1" : "127.0.0.1", port: 0, host: v6 ? "[::1]" : "127.0.0.1" };
}

/** Opens the listener; the caller closes it in a `finally`. */
export async function openCallbackListener(endpoint: CallbackEndpoint): Promise<CallbackListener> {
  // An unguessable prefix: a hit on it can only come from someone who read the probe.
  const prefix = `/rampart-${randomBytes(9).toString("base64url")}`;
  const documents = new Map<string, { body: string; contentType: string }>();
  const seen: (CallbackHit & { served: string })[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const doc = documents.get(path);
    if (doc && seen.length < MAX_HITS) {
      const ua = req.headers["user-agent"];
      seen.push({ at: new Date().toISOString(), method: req.method ?? "GET", path, userAgent: ua ? ua.slice(0, 200) : null, from: req.socket.remoteAddress ?? "unknown", served: path });
    }
    if (!doc || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain", connection: "close" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": doc.contentType, "content-length": Buffer.byteLength(doc.body), "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : doc.body);
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => reject(new Error(`callback listener: cannot listen on ${endpoint.bind ?? "every interface"} port ${endpoint.port}: ${e.code ?? e.message}`)));
    server.listen(endpoint.port, endpoint.bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${endpoint.host}:${port}${prefix}`;
  let closed: Promise<void> | null = null;
  return {
    baseUrl,
    serve(path, body, contentType) {
      const full = `${prefix}/${path.replace(/^\/+/, "")}`;
      documents.set(full, { body: body.slice(0, MAX_BODY), contentType });
      return `http://${endpoint.host}:${port}${full}`;
    },
    hits(path) {
      const full = path === undefined ? undefined : `${prefix}/${path.replace(/^\/+/, "")}`;
      return seen.filter((h) => full === undefined || h.served === full).map(({ served: _served, ...h }) => h);
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
