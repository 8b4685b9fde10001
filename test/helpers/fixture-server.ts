// Starts a real HTTP(S) server on 127.0.0.1 with an ephemeral port for a test, and stops it after.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server | https.Server;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, tls?: https.ServerOptions): Promise<RunningServer> {
  const wrapped: Handler = async (req, res) => {
    try {
      await handler(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  };
  const server = tls ? https.createServer(tls, wrapped) : http.createServer(wrapped);
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends JSON with a status and extra headers. */
export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
