// Real listeners on 127.0.0.1 for the TLS tests: node:tls servers, openssl s_server, raw sockets, and
// scripted SSL/TLS peers that speak just enough of a protocol Node's OpenSSL no longer serves (SSLv2,
// SSLv3) or that misbehave on purpose (truncated, oversized, unparsable certificate).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";

export interface Listener {
  port: number;
  close(): Promise<void>;
}

function track(server: net.Server): Listener {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TlsHooks {
  /** Each completed handshake (default: answer one HTTP 200 and close). */
  onSecure?: (socket: tls.TLSSocket) => void;
  /** Each TCP connection, in the order the server accepts them, handshake or not. */
  onConnection?: (socket: net.Socket) => void;
}

export async function startTls(options: tls.TlsOptions, hooks: TlsHooks = {}): Promise<Listener> {
  const server = tls.createServer(options, hooks.onSecure ?? ((s) => s.end("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")));
  if (hooks.onConnection) server.on("connection", hooks.onConnection);
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return track(server);
}

export async function startRaw(onConnection: (socket: net.Socket) => void): Promise<Listener> {
  const server = net.createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return track(server);
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const l = await startRaw(() => undefined);
  await l.close();
  return l.port;
}

/**
 * `openssl s_server` as an independent TLS peer; resolves once it accepts connections. Its certificate, key
 * and DH parameters (`dhparamPem`, for DHE suites) are written to a directory removed when it closes.
 */
export async function startOpensslServer(certPem: string, keyPem: string, args: string[], opts: { dhparamPem?: string } = {}): Promise<Listener> {
  const dir = mkdtempSync(join(tmpdir(), "rampart-sserver-"));
  writeFileSync(join(dir, "cert.pem"), certPem);
  writeFileSync(join(dir, "key.pem"), keyPem);
  const files = ["-cert", join(dir, "cert.pem"), "-key", join(dir, "key.pem")];
  if (opts.dhparamPem) {
    writeFileSync(join(dir, "dh.pem"), opts.dhparamPem);
    files.push("-dhparam", join(dir, "dh.pem"));
  }
  const port = await closedPort();
  const child: ChildProcess = spawn(
    "/usr/bin/openssl",
    ["s_server", "-quiet", "-naccept", "1000", "-accept", `127.0.0.1:${port}`, ...files, ...args],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1", () => (s.destroy(), r(true)));
      s.on("error", () => r(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => (cleanup(), resolve()));
        child.kill("SIGTERM");
      }),
  };
}

// ---------------------------------------------------------------- scripted peers

export interface ParsedHello {
  sslv2: boolean;
  version: number;
  ciphers: number[];
}

/** Reads one ClientHello (TLS record or SSLv2 format) from a socket. */
export function readHello(socket: net.Socket): Promise<ParsedHello | null> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2) return;
      if ((buf[0] as number) & 0x80) {
        const len = (((buf[0] as number) & 0x7f) << 8) | (buf[1] as number);
        if (buf.length < 2 + len) return;
        const specLen = buf.readUInt16BE(5);
        const ciphers: number[] = [];
        for (let i = 0; i < specLen; i += 3) ciphers.push(buf.readUIntBE(11 + i, 3));
        return resolve({ sslv2: true, version: buf.readUInt16BE(3), ciphers });
      }
      if (buf.length < 5) return;
      const len = buf.readUInt16BE(3);
      if (buf.length < 5 + len) return;
      const body = buf.subarray(9);
      const version = body.readUInt16BE(0);
      let pos = 34;
      pos += 1 + (body[pos] as number);
      const n = body.readUInt16BE(pos);
      const ciphers: number[] = [];
      for (let i = 0; i < n; i += 2) ciphers.push(body.readUInt16BE(pos + 2 + i));
      resolve({ sslv2: false, version, ciphers });
    });
    socket.on("close", () => resolve(null));
  });
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);

export function record(type: number, version: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u16(version), u16(body.length), body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}

export function serverHello(version: number, cipher: number): Buffer {
  const renegotiationInfo = Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00]);
  const body = Buffer.concat([u16(version), Buffer.alloc(32, 7), Buffer.from([0]), u16(cipher), Buffer.from([0]), u16(renegotiationInfo.length), renegotiationInfo]);
  return handshake(2, body);
}

export function certificateMessage(ders: Buffer[]): Buffer {
  const list = Buffer.concat(ders.map((d) => Buffer.concat([u24(d.length), d])));
  return handshake(11, Buffer.concat([u24(list.length), list]));
}

export const serverHelloDone = (): Buffer => handshake(14, Buffer.alloc(0));
export const alert = (version: number, description: number): Buffer => record(21, version, Buffer.from([2, description]));

export function sslv2ServerHello(ciphers: number[], certDer: Buffer): Buffer {
  const specs = Buffer.concat(ciphers.map((c) => Buffer.from([c >> 16, (c >> 8) & 0xff, c & 0xff])));
  const connId = Buffer.alloc(16, 1);
  const msg = Buffer.concat([Buffer.from([4, 0, 1]), u16(0x0002), u16(certDer.length), u16(specs.length), u16(connId.length), certDer, specs, connId]);
  return Buffer.concat([Buffer.from([0x80 | (msg.length >> 8), msg.length & 0xff]), msg]);
}

/**
 * A legacy-protocol peer: accepts exactly `version` and the suites in `accept` (first offered wins,
 * like a client-preference server), answers with ServerHello + Certificate + ServerHelloDone.
 */
export async function startScriptedTls(version: number, accept: number[], certDer: Buffer): Promise<Listener> {
  return startRaw(async (socket) => {
    const hello = await readHello(socket);
    if (!hello || hello.sslv2) return void socket.end(alert(0x0301, 70));
    if (hello.version !== version) return void socket.end(alert(version, 70));
    const cipher = hello.ciphers.find((c) => accept.includes(c));
    if (cipher === undefined) return void socket.end(alert(version, 40));
    const flight = Buffer.concat([serverHello(version, cipher), certificateMessage([certDer]), serverHelloDone()]);
    socket.end(record(22, version, flight));
  });
}
