// Raw TCP peers on 127.0.0.1 for tests of what is not HTTP (garbage, banners, wire protocols), and a
// port that was just listening and is now closed.
import net from "node:net";

export interface RawServer {
  port: number;
  /** Destroys open sockets, then stops listening (never waits on a peer). */
  close(): Promise<void>;
}

export async function startRawServer(onConnection: (socket: net.Socket) => void): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function closedPort(): Promise<number> {
  const s = await startRawServer(() => undefined);
  await s.close();
  return s.port;
}
