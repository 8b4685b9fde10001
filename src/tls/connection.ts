// One probe connection: connect, send a hello, read the server's answer until it is complete, then
// close. Every way it can go wrong ends in a classified failure, never an exception or a hang.
import net from "node:net";
import { WireError, type WireErrorKind } from "./bytes.js";
import { FlightParser, type FlightEnd, type ServerFlight } from "./server-flight.js";

export type FailureKind =
  | "refused" | "unreachable" | "timeout" | "reset" | "closed" | "truncated" | "aborted" | WireErrorKind;

export interface ProbeFailure {
  kind: FailureKind;
  message: string;
}

export interface ExchangeResult {
  flight: ServerFlight | null;
  failure: ProbeFailure | null;
}

export interface Endpoint {
  host: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export function exchange(ep: Endpoint, hello: Buffer, end: FlightEnd): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const parser = new FlightParser(end);
    let settled = false;
    const socket = net.connect({ host: ep.host, port: ep.port });
    const finish = (result: ExchangeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ep.signal?.removeEventListener("abort", onAbort);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(result);
    };
    const fail = (kind: FailureKind, message: string): void => finish({ flight: null, failure: { kind, message } });
    const onAbort = (): void => fail("aborted", "aborted");
    const timer = setTimeout(() => {
      const partial = parser.pending();
      fail(partial ? "truncated" : "timeout", partial ? `${partial}; no more data within ${ep.timeoutMs} ms` : `no answer within ${ep.timeoutMs} ms`);
    }, ep.timeoutMs);
    if (ep.signal?.aborted) return onAbort();
    ep.signal?.addEventListener("abort", onAbort, { once: true });

    socket.setNoDelay(true);
    socket.once("connect", () => socket.write(hello));
    socket.on("data", (chunk: Buffer) => {
      try {
        if (parser.push(chunk)) finish({ flight: parser.flight, failure: null });
      } catch (e) {
        if (e instanceof WireError) fail(e.kind, e.message);
        else fail("malformed", e instanceof Error ? e.message : String(e));
      }
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      const partial = parser.pending();
      if (partial) return fail("truncated", `${partial}; then ${e.code ?? e.message}`);
      if (e.code === "ECONNREFUSED") return fail("refused", `connection refused by ${ep.host}:${ep.port}`);
      if (e.code === "ECONNRESET" || e.code === "EPIPE") return fail("reset", "connection reset by the server");
      if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return fail("unreachable", `cannot resolve ${ep.host}`);
      return fail("unreachable", `cannot connect to ${ep.host}:${ep.port} (${e.code ?? e.message})`);
    });
    socket.on("close", () => {
      const partial = parser.pending();
      if (partial) return fail("truncated", `${partial}; connection closed`);
      fail("closed", "connection closed without an answer");
    });
  });
}
