// A probe connection that stays open after the server's first flight, for the vulnerability tests that
// must say something more (a heartbeat, an early ChangeCipherSpec, a ClientKeyExchange) and judge the
// server's next words. Bounded like every probe: one timeout, a byte cap, and never a throw.
import net from "node:net";
import { WireError } from "./bytes.js";
import type { Endpoint, ProbeFailure } from "./connection.js";
import { FlightParser, type FlightEnd, type ServerFlight } from "./server-flight.js";

export interface TlsRecord {
  type: number;
  version: number;
  body: Buffer;
}

/** What the server did after our follow-up: records, or how the conversation ended. */
export type Reply =
  | { kind: "records"; records: TlsRecord[] }
  | { kind: "closed" | "reset" | "timeout" };

export interface Session {
  flight: ServerFlight;
  send(data: Buffer): void;
  /** Half-close: we will send nothing more. */
  end(): void;
  /** The next complete record(s); waits at most `waitMs`. */
  reply(waitMs: number): Promise<Reply>;
  close(): void;
}

/** Reads beyond this are not needed by any test; a peer sending more is cut off. */
const MAX_REPLY_BYTES = 64 * 1024;

export function openSession(ep: Endpoint, hello: Buffer, end: FlightEnd): Promise<{ session: Session } | { failure: ProbeFailure }> {
  return new Promise((resolve) => {
    const parser = new FlightParser(end);
    const socket = net.connect({ host: ep.host, port: ep.port });
    let opened = false;
    let buf = Buffer.alloc(0);
    let ended: "closed" | "reset" | null = null;
    let wake: (() => void) | null = null;
    const cleanup = (): void => {
      clearTimeout(timer);
      ep.signal?.removeEventListener("abort", onAbort);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
    };
    const fail = (kind: ProbeFailure["kind"], message: string): void => {
      if (opened) return;
      opened = true;
      cleanup();
      resolve({ failure: { kind, message } });
    };
    const onAbort = (): void => {
      if (!opened) return fail("aborted", "aborted");
      ended = "closed";
      wake?.();
    };
    const timer = setTimeout(() => fail("timeout", `no answer within ${ep.timeoutMs} ms`), ep.timeoutMs);
    if (ep.signal?.aborted) return onAbort();
    ep.signal?.addEventListener("abort", onAbort, { once: true });
    socket.setNoDelay(true);
    socket.once("connect", () => socket.write(hello));
    socket.on("data", (chunk: Buffer) => {
      if (opened) {
        if (buf.length < MAX_REPLY_BYTES) buf = Buffer.concat([buf, chunk]);
        wake?.();
        return;
      }
      try {
        if (!parser.push(chunk)) return;
      } catch (e) {
        return fail(e instanceof WireError ? e.kind : "malformed", e instanceof Error ? e.message : String(e));
      }
      opened = true;
      clearTimeout(timer);
      resolve({ session: makeSession() });
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (!opened) return fail(e.code === "ECONNREFUSED" ? "refused" : e.code === "ECONNRESET" ? "reset" : "unreachable", `${e.code ?? e.message}`);
      ended = "reset";
      wake?.();
    });
    socket.on("close", () => {
      if (!opened) return fail("closed", "connection closed without an answer");
      ended ??= "closed";
      wake?.();
    });

    function takeRecords(): TlsRecord[] {
      const out: TlsRecord[] = [];
      while (buf.length >= 5) {
        const length = buf.readUInt16BE(3);
        if (buf.length < 5 + length) break;
        out.push({ type: buf[0] as number, version: buf.readUInt16BE(1), body: Buffer.from(buf.subarray(5, 5 + length)) });
        buf = buf.subarray(5 + length);
      }
      return out;
    }

    function makeSession(): Session {
      return {
        flight: parser.flight,
        send: (data) => {
          if (!ended && !socket.destroyed) socket.write(data);
        },
        end: () => {
          if (!ended && !socket.destroyed) socket.end();
        },
        reply: (waitMs) =>
          new Promise<Reply>((done) => {
            const check = (): boolean => {
              const records = takeRecords();
              if (records.length) return finish({ kind: "records", records });
              if (ended) return finish({ kind: ended });
              return false;
            };
            const finish = (r: Reply): true => {
              clearTimeout(t);
              wake = null;
              done(r);
              return true;
            };
            const t = setTimeout(() => finish({ kind: "timeout" }), waitMs);
            if (check()) return;
            wake = () => void check();
          }),
        close: cleanup,
      };
    }
  });
}

export function record(type: number, version: number, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt16BE(version, 1);
  head.writeUInt16BE(body.length, 3);
  return Buffer.concat([head, body]);
}
