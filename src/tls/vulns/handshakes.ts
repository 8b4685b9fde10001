// Full handshakes through node:tls, for what only a completed handshake shows: the OCSP staple (TLS 1.3
// too), the session ticket and max_early_data the server issues, and whether it lets the client
// renegotiate. Trust is not judged here; these connections accept any certificate.
import { constants } from "node:crypto";
import tls from "node:tls";
import type { Endpoint } from "../connection.js";
import { nodeTlsErrorText } from "../node-tls-error.js";
import { patienceMs } from "./patience.js";
import { sessionFields, type SessionFields } from "./session-der.js";

export interface HandshakeFacts {
  ok: boolean;
  error: string | null;
  protocol: string | null;
  /** Stapled OCSP response (DER), null when none was sent. */
  ocspResponse: Buffer | null;
  session: SessionFields | null;
  /** Client-initiated renegotiations the server completed, out of `attempted`; null when not tried. */
  renegotiation: { attempted: number; completed: number; error: string | null } | null;
}

export interface HandshakeRequest {
  servername: string | null;
  version: "TLSv1.2" | "TLSv1.3";
  /** Renegotiate up to this many times after the handshake (TLS ≤ 1.2 only). */
  renegotiations?: number;
  /** How long to wait for a session ticket after the handshake. */
  ticketWaitMs: number;
}

/** Servers without RFC 5746 are still reached (to judge them), and renegotiation with them attempted. */
const LEGACY = constants.SSL_OP_LEGACY_SERVER_CONNECT | constants.SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION;

export function fullHandshake(ep: Endpoint, req: HandshakeRequest): Promise<HandshakeFacts> {
  return new Promise((resolve) => {
    const facts: HandshakeFacts = { ok: false, error: null, protocol: null, ocspResponse: null, session: null, renegotiation: null };
    let settled = false;
    // requestOCSP is a TLSSocket option that tls.connect passes through (missing from its typings).
    const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
      host: ep.host,
      port: ep.port,
      ...(req.servername ? { servername: req.servername } : {}),
      rejectUnauthorized: false,
      requestOCSP: true,
      minVersion: req.version === "TLSv1.3" ? "TLSv1.3" : "TLSv1",
      maxVersion: req.version,
      ciphers: "ALL:@SECLEVEL=0",
      secureOptions: LEGACY,
    };
    const started = performance.now();
    const socket = tls.connect(options);
    const finish = (error: string | null = null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ep.signal?.removeEventListener("abort", onAbort);
      if (error && !facts.ok) facts.error = error;
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(facts);
    };
    const onAbort = (): void => finish("aborted");
    // Guards the handshake; after it the ticket wait and each renegotiation are bounded on their own.
    const timer = setTimeout(() => finish(`no handshake within ${ep.timeoutMs} ms`), ep.timeoutMs);
    if (ep.signal?.aborted) return onAbort();
    ep.signal?.addEventListener("abort", onAbort, { once: true });
    socket.on("OCSPResponse", (r: Buffer | null) => {
      if (r?.length) facts.ocspResponse = r;
    });
    let ticket: (() => void) | null = null;
    socket.on("session", (s: Buffer) => {
      const f = sessionFields(s);
      if (!facts.session || f.ticket || f.maxEarlyData) facts.session = f;
      ticket?.();
    });
    // After the handshake the flow below owns the ending (a refused renegotiation closes the socket).
    socket.on("error", (e: Error) => facts.ok || finish(nodeTlsErrorText(e)));
    socket.on("close", () => {
      ticket?.();
      if (!facts.ok) finish("connection closed");
    });
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      facts.ok = true;
      facts.protocol = socket.getProtocol();
      const handshakeMs = performance.now() - started;
      void (async () => {
        const wait = patienceMs("sessionTicket", handshakeMs, req.ticketWaitMs);
        if (!facts.session && wait > 0) {
          // The timer is cleared when the ticket comes: a pending one would hold the process open.
          await new Promise<void>((r) => {
            const t = setTimeout(r, wait);
            ticket = () => (clearTimeout(t), r());
          });
        }
        ticket = null;
        if (req.renegotiations && facts.protocol !== "TLSv1.3") {
          facts.renegotiation = { attempted: 0, completed: 0, error: null };
          await renegotiate(socket, req.renegotiations, facts.renegotiation, { timeoutMs: ep.timeoutMs, handshakeMs });
        }
        finish();
      })();
    });
  });
}

async function renegotiate(socket: tls.TLSSocket, times: number, out: NonNullable<HandshakeFacts["renegotiation"]>, t: { timeoutMs: number; handshakeMs: number }): Promise<void> {
  let slowest = t.handshakeMs;
  for (let i = 0; i < times; i++) {
    out.attempted++;
    const began = performance.now();
    const error = await new Promise<string | null>((resolve) => {
      // A server that ignores the request (Node's past its renegotiation limit; one that has already said
      // close_notify) never answers it.
      const waitMs = patienceMs("renegotiation", slowest, t.timeoutMs);
      const timer = setTimeout(() => done(`no answer within ${waitMs} ms`), waitMs);
      const done = (e: string | null): void => {
        clearTimeout(timer);
        socket.removeListener("close", onClose);
        socket.removeListener("error", onError);
        resolve(e);
      };
      const onClose = (): void => done("connection closed");
      const onError = (e: Error): void => done(nodeTlsErrorText(e));
      socket.once("close", onClose);
      socket.once("error", onError);
      // The callback fires on success only; a refusal surfaces as 'error' or 'close'.
      if (!socket.renegotiate({ rejectUnauthorized: false }, (err) => done(err ? nodeTlsErrorText(err) : null))) done("renegotiation could not start");
    });
    if (error) {
      out.error = error;
      return;
    }
    out.completed++;
    slowest = Math.max(slowest, performance.now() - began);
  }
}
