// Raw TCP servers on 127.0.0.1 for database-probe tests: peers that are not PostgreSQL, broken ones, and a
// scripted PostgreSQL-wire peer that answers the way CockroachDB does (its message shapes, not its code).
import net from "node:net";
import tls from "node:tls";

export { startRawServer, type RawServer as FakeServer } from "./net.js";

/** Backend message: type byte + int32 length + body. */
export function pgMessage(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export function errorResponse(fields: [string, string][]): Buffer {
  return pgMessage("E", Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`)), Buffer.from([0])]));
}

export function parameterStatus(name: string, value: string): Buffer {
  return pgMessage("S", Buffer.from(`${name}\0${value}\0`));
}

export const AUTH_OK = pgMessage("R", Buffer.from([0, 0, 0, 0]));
export const READY = pgMessage("Z", Buffer.from("I"));

/** Reads one length-prefixed frontend packet (SSLRequest or StartupMessage) at a time. */
export function onPackets(socket: net.Socket, handle: (packet: Buffer, socket: net.Socket) => void): void {
  let buf = Buffer.alloc(0);
  socket.on("data", (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4 && buf.length >= buf.readInt32BE(0)) {
      const len = buf.readInt32BE(0);
      const packet = buf.subarray(0, len);
      buf = buf.subarray(len);
      handle(packet, socket);
    }
  });
}

export function isSslRequest(packet: Buffer): boolean {
  return packet.length === 8 && packet.readInt32BE(4) === 80877103;
}

/** CockroachDB-shaped peer. insecure: 'N', then a session with crdb_version. secure: 'S' + TLS, and
 *  a plaintext StartupMessage gets CockroachDB's "secure mode" error (its field order, Go source file). */
export function cockroachLike(mode: "insecure" | "secure", cert?: { certPem: string; keyPem: string }): (s: net.Socket) => void {
  const session = Buffer.concat([
    AUTH_OK,
    parameterStatus("server_version", "13.0.0"),
    parameterStatus("crdb_version", "CockroachDB CCL v23.2.4 (x86_64-pc-linux-gnu, built 2024/04/01)"),
    READY,
  ]);
  const secureModeError = errorResponse([
    ["S", "FATAL"],
    ["C", "08P01"],
    ["F", "server.go"],
    ["L", "1034"],
    ["R", "(*Server).ServeConn"],
    ["M", "node is running secure mode, SSL connection required"],
  ]);
  return (socket) =>
    onPackets(socket, (packet, s) => {
      if (isSslRequest(packet)) {
        if (mode === "insecure" || !cert) return void s.write("N");
        s.write("S");
        s.removeAllListeners("data");
        const secure = new tls.TLSSocket(s, { isServer: true, cert: cert.certPem, key: cert.keyPem });
        secure.on("error", () => undefined);
        onPackets(secure as unknown as net.Socket, (_p, t) => t.write(pgMessage("R", Buffer.from([0, 0, 0, 3])))); // cleartext password request
        return;
      }
      s.end(mode === "insecure" ? session : secureModeError);
    });
}
