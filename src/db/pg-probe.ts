// The two conversations of a PostgreSQL-wire transport probe: SSLRequest (+ TLS upgrade) and a
// StartupMessage. Never sends a password; closes as soon as the server has said what we need.
import type net from "node:net";
import {
  buildSslRequest,
  buildStartupMessage,
  buildTerminate,
  frameMessage,
  parseAuthRequest,
  parseErrorResponse,
  parseParameterStatus,
  printableExcerpt,
  type AuthRequest,
  type FrameResult,
  type PgError,
} from "./pg-wire.js";
import { SocketReader, writeAll } from "./socket.js";
import { classifyStartupError, type StartupVerdict } from "./startup-verdicts.js";

export type SslAnswer = "S" | "N" | "E" | "garbage" | "closed";

export interface SslRequestResult {
  answer: SslAnswer;
  /** Printable excerpt of what came back when it was not a one-byte answer. */
  excerpt: string;
  /** ErrorResponse of a server too old for SSL, when answer = E. */
  error: PgError | null;
  /** Bytes the server sent after its one-byte answer before the handshake (should be 0). */
  trailingBytes: number;
}

export interface StartupOutcome {
  /** not-postgres: the answer was not PostgreSQL wire at all. */
  verdict: StartupVerdict | "not-postgres";
  auth: AuthRequest | null;
  error: PgError | null;
  /** Id of the ERROR_VERDICTS row (or a fixed id) that decided the verdict. */
  rule: string;
  reason: string;
  /** ParameterStatus values (only when a session was reached without a password). */
  parameters: Record<string, string>;
  /** Printable excerpt of the answer when it was not PostgreSQL wire. */
  excerpt: string | null;
}

/** Sends SSLRequest on a fresh connection and reads the one-byte answer. */
export async function requestSsl(reader: SocketReader): Promise<SslRequestResult> {
  await writeAll(reader.socket, buildSslRequest());
  await reader.need(1, "the answer to SSLRequest");
  const buf = reader.buffered;
  if (buf.length === 0) return { answer: "closed", excerpt: "", error: null, trailingBytes: 0 };
  const first = String.fromCharCode(buf[0] ?? 0);
  if (first === "S" || first === "N") {
    reader.consume(1);
    return { answer: first, excerpt: "", error: null, trailingBytes: reader.buffered.length };
  }
  if (first === "E") {
    // A pre-SSL server answers with an ErrorResponse; anything else starting with 'E' is garbage.
    const frame = await readFrame(reader, "the ErrorResponse to SSLRequest").catch(() => null);
    if (frame?.kind === "message" && frame.message.type === "E") {
      return { answer: "E", excerpt: "", error: parseErrorResponse(frame.message.body), trailingBytes: 0 };
    }
  }
  // Collect a little more of the foreign protocol for the error message, without waiting long.
  await reader.need(64, "more bytes", 300).catch(() => undefined);
  return { answer: "garbage", excerpt: printableExcerpt(reader.buffered), error: null, trailingBytes: 0 };
}

/** Sends a StartupMessage and classifies the answer. */
export async function startup(reader: SocketReader, params: Record<string, string>): Promise<StartupOutcome> {
  await writeAll(reader.socket, buildStartupMessage(params));
  const outcome: StartupOutcome = {
    verdict: "inconclusive",
    auth: null,
    error: null,
    rule: "no-answer",
    reason: "the server closed the connection without answering",
    parameters: {},
    excerpt: null,
  };
  // A startup answer is a handful of messages; more means something else is talking.
  for (let n = 0; n < 64; n++) {
    const frame = await readFrame(reader, "the answer to StartupMessage");
    if (frame.kind === "invalid") return notPostgres(outcome, reader.buffered, frame.reason);
    if (frame.kind === "incomplete") {
      return reader.buffered.length > 0 ? notPostgres(outcome, reader.buffered, "truncated message") : outcome;
    }
    reader.consume(frame.message.body.length + 5);
    const { type, body } = frame.message;
    if (type === "R") {
      const auth = parseAuthRequest(body);
      if (!auth) return notPostgres(outcome, body, "short authentication message");
      outcome.auth = auth;
      outcome.verdict = "accepted";
      outcome.rule = `auth-${auth.method}`;
      outcome.reason =
        auth.method === "ok"
          ? "the server authenticated the probe without any credential (trust)"
          : `the server asked for ${auth.method} authentication`;
      if (auth.method !== "ok") return outcome; // it now waits for a password we never send
    } else if (type === "E") {
      outcome.error = parseErrorResponse(body);
      if (outcome.auth?.method === "ok") return outcome; // past authentication already
      const row = classifyStartupError(outcome.error);
      outcome.verdict = row.verdict;
      outcome.rule = row.id;
      outcome.reason = row.reason;
      return outcome;
    } else if (type === "S") {
      const kv = parseParameterStatus(body);
      if (kv) outcome.parameters[kv[0]] = kv[1];
    } else if (type === "Z") {
      await writeAll(reader.socket, buildTerminate()).catch(() => undefined);
      return outcome;
    }
    // 'K' (cancel key), 'N' (notice) and 'v' (protocol negotiation) carry nothing we need.
  }
  return outcome;
}

/** Waits for one whole backend message; rejects early on a first byte that cannot start one. */
async function readFrame(reader: SocketReader, what: string): Promise<FrameResult> {
  await reader.need(1, what);
  let frame = frameMessage(reader.buffered);
  if (frame.kind !== "incomplete" || reader.closed) return frame;
  await reader.need(5, what);
  frame = frameMessage(reader.buffered);
  if (frame.kind !== "incomplete" || reader.closed) return frame;
  await reader.need(reader.buffered.readInt32BE(1) + 1, what);
  return frameMessage(reader.buffered);
}

function notPostgres(outcome: StartupOutcome, bytes: Buffer, why: string): StartupOutcome {
  return {
    ...outcome,
    verdict: "not-postgres",
    rule: "not-postgres",
    reason: `not PostgreSQL wire (${why})`,
    excerpt: printableExcerpt(bytes),
  };
}

/** Ends a probe connection without lingering. */
export function closeQuietly(socket: net.Socket): void {
  socket.removeAllListeners("data");
  socket.on("error", () => undefined);
  socket.destroy();
}
