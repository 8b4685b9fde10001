// A PostgreSQL STARTTLS relay on 127.0.0.1 for the raw TLS prober: each connection it accepts opens one to
// the database, sends SSLRequest, and once the database answers 'S' pipes bytes both ways. The prober's
// ClientHellos then reach the database's TLS stack unchanged. Lives only for one audit.
import net from "node:net";
import { buildSslRequest } from "./pg-wire.js";
import { connectTcp } from "./socket.js";

export interface Relay {
  port: number;
  close(): Promise<void>;
}

export async function startStartTlsRelay(host: string, port: number, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    upstream(host, port, opts).then(
      (db) => {
        track(db);
        if (client.destroyed) return db.destroy();
        client.pipe(db);
        db.pipe(client);
        client.on("close", () => db.destroy());
        db.on("close", () => client.destroy());
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Connects to the database and completes the SSLRequest exchange; rejects unless it answers 'S'. */
async function upstream(host: string, port: number, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<net.Socket> {
  const db = await connectTcp(host, port, opts.timeoutMs, opts.signal);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("no answer to SSLRequest")), opts.timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      db.removeAllListeners("data");
      db.destroy();
      reject(e);
    };
    db.once("error", fail);
    db.once("close", () => fail(new Error("closed")));
    db.once("data", (d: Buffer) => {
      clearTimeout(timer);
      db.removeAllListeners("error");
      db.removeAllListeners("close");
      db.on("error", () => db.destroy());
      // Anything after 'S' would be injected into the handshake (buffer stuffing): refuse it.
      if (d.length !== 1 || d[0] !== 0x53) return fail(new Error("database did not answer 'S'"));
      resolve(db);
    });
    db.write(buildSslRequest());
  });
}
