// PostgreSQL frontend/backend protocol v3, written by hand: only the messages a transport probe needs.
// Spec: "Frontend/Backend Protocol — Message Formats" of the PostgreSQL documentation.

/** SSLRequest code 1234.5679 (80877103). */
export const SSL_REQUEST_CODE = 80877103;
/** Protocol 3.0. */
export const PROTOCOL_3_0 = 196608;
/** Largest backend message the probe accepts before calling the peer broken (a startup answer is small). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export function buildSslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(SSL_REQUEST_CODE, 4);
  return b;
}

/** StartupMessage with the given parameters (user is mandatory for the server). Never carries a password. */
export function buildStartupMessage(params: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(params)) {
    parts.push(Buffer.from(`${k}\0${v}\0`, "utf8"));
  }
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([head, body]);
}

/** Terminate ('X'): polite goodbye once a session was established. */
export function buildTerminate(): Buffer {
  const b = Buffer.alloc(5);
  b.write("X", 0, "latin1");
  b.writeInt32BE(4, 1);
  return b;
}

export interface BackendMessage {
  /** One-byte type, e.g. 'R', 'E', 'S', 'K', 'Z', 'N', 'v'. */
  type: string;
  body: Buffer;
}

export type FrameResult =
  | { kind: "message"; message: BackendMessage; rest: Buffer }
  | { kind: "incomplete" }
  | { kind: "invalid"; reason: string };

/** Backend message types a server may send during startup. */
const STARTUP_TYPES = new Set(["R", "E", "S", "K", "Z", "N", "v"]);

/** Splits one backend message off the front of `buf`; rejects what cannot be PostgreSQL wire. */
export function frameMessage(buf: Buffer): FrameResult {
  if (buf.length < 1) return { kind: "incomplete" };
  const type = String.fromCharCode(buf[0] ?? 0);
  if (!STARTUP_TYPES.has(type)) return { kind: "invalid", reason: `unexpected message type ${describeByte(buf[0] ?? 0)}` };
  if (buf.length < 5) return { kind: "incomplete" };
  const len = buf.readInt32BE(1);
  if (len < 4 || len > MAX_MESSAGE_BYTES) return { kind: "invalid", reason: `implausible message length ${len}` };
  if (buf.length < 1 + len) return { kind: "incomplete" };
  return { kind: "message", message: { type, body: buf.subarray(5, 1 + len) }, rest: buf.subarray(1 + len) };
}

/** Authentication request codes of the 'R' message. */
export const AUTH_METHODS = {
  0: "ok",
  2: "kerberos-v5",
  3: "cleartext",
  5: "md5",
  7: "gss",
  9: "sspi",
  10: "sasl",
} as const satisfies Record<number, string>;

export type AuthMethod = (typeof AUTH_METHODS)[keyof typeof AUTH_METHODS] | "unknown";

export interface AuthRequest {
  code: number;
  method: AuthMethod;
  /** SASL mechanisms offered (e.g. SCRAM-SHA-256, SCRAM-SHA-256-PLUS). */
  mechanisms: string[];
}

export function parseAuthRequest(body: Buffer): AuthRequest | null {
  if (body.length < 4) return null;
  const code = body.readInt32BE(0);
  const method: AuthMethod = (AUTH_METHODS as Record<number, AuthMethod>)[code] ?? "unknown";
  const mechanisms = method === "sasl" ? splitCStrings(body.subarray(4)) : [];
  return { code, method, mechanisms };
}

/** ErrorResponse / NoticeResponse field codes we name (others stay in `fields` by their letter). */
export const ERROR_FIELD_NAMES: Record<string, string> = {
  S: "severity",
  V: "severityNonLocalized",
  C: "sqlstate",
  M: "message",
  D: "detail",
  H: "hint",
  P: "position",
  W: "where",
  F: "file",
  L: "line",
  R: "routine",
};

export interface PgError {
  severity: string | null;
  sqlstate: string | null;
  message: string;
  detail: string | null;
  hint: string | null;
  /** Server source file (PostgreSQL: `auth.c`; CockroachDB: a `.go` file). */
  file: string | null;
  routine: string | null;
  /** Field letters in the order the server sent them (the order itself differs between products). */
  order: string[];
  fields: Record<string, string>;
}

export function parseErrorResponse(body: Buffer): PgError {
  const fields: Record<string, string> = {};
  const order: string[] = [];
  let i = 0;
  while (i < body.length) {
    const code = body[i];
    if (code === undefined || code === 0) break;
    const end = body.indexOf(0, i + 1);
    const stop = end === -1 ? body.length : end;
    const letter = String.fromCharCode(code);
    fields[letter] = body.subarray(i + 1, stop).toString("utf8");
    order.push(letter);
    i = stop + 1;
  }
  return {
    severity: fields.V ?? fields.S ?? null,
    sqlstate: fields.C ?? null,
    message: fields.M ?? "",
    detail: fields.D ?? null,
    hint: fields.H ?? null,
    file: fields.F ?? null,
    routine: fields.R ?? null,
    order,
    fields,
  };
}

/** ParameterStatus: name and value. */
export function parseParameterStatus(body: Buffer): [string, string] | null {
  const parts = splitCStrings(body);
  if (parts.length < 2) return null;
  return [parts[0] ?? "", parts[1] ?? ""];
}

function splitCStrings(buf: Buffer): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < buf.length) {
    const end = buf.indexOf(0, i);
    if (end === -1 || end === i) break;
    out.push(buf.subarray(i, end).toString("utf8"));
    i = end + 1;
  }
  return out;
}

/** `0x48 'H'` — for messages about unexpected bytes. */
export function describeByte(b: number): string {
  const ch = b >= 0x20 && b < 0x7f ? ` '${String.fromCharCode(b)}'` : "";
  return `0x${b.toString(16).padStart(2, "0")}${ch}`;
}

/** A short printable excerpt of unexpected bytes (for "not PostgreSQL wire" errors). */
export function printableExcerpt(buf: Buffer, max = 40): string {
  const s = buf
    .subarray(0, max)
    .toString("latin1")
    .replace(/[^\x20-\x7e]/g, ".");
  return buf.length > max ? `${s}…` : s;
}
