// Turns transport failures (Node, OpenSSL, undici) into one short sentence for the recorded exchange.

interface ErrorLike {
  name?: string;
  code?: string | number;
  message?: string;
  cause?: unknown;
}

function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = err;
  while (current && typeof current === "object" && out.length < 5) {
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return out;
}

/** `…:SSL routines:ssl3_get_record:wrong version number:…` → `wrong version number`. */
function opensslReason(message: string): string {
  const m = /SSL routines:[^:]*:([^:]+)/.exec(message);
  return (m?.[1] ?? message.split("\n")[0] ?? message).trim();
}

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the server",
  EPIPE: "connection closed by the server while sending",
  UND_ERR_SOCKET: "connection closed by the server before a complete response",
  UND_ERR_CLOSED: "connection closed",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_RES_EXCEEDED_MAX_SIZE: "response headers too large",
  UND_ERR_HEADERS_OVERFLOW: "response headers too large",
};

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

/** A short, clear description; `deadlineHit` says our own per-request deadline fired. */
export function describeNetworkError(err: unknown, timeoutMs: number, deadlineHit = false): string {
  const timedOut = `timed out after ${timeoutMs} ms`;
  if (deadlineHit) return timedOut;
  for (const e of chain(err)) {
    const code = typeof e.code === "string" ? e.code : "";
    const message = e.message ?? "";
    if (TIMEOUT_CODES.has(code) || e.name === "TimeoutError") return timedOut;
    if (e.name === "HTTPParserError" || code.startsWith("HPE_")) return "not an HTTP server (invalid response)";
    if (code.startsWith("ERR_SSL_") || code === "EPROTO" || /SSL routines|TLS|certificate/i.test(message)) {
      return `TLS handshake failed: ${opensslReason(message)}`;
    }
    const known = BY_CODE[code];
    if (known) return known;
    if (e.name === "AbortError") return "aborted";
  }
  const first = chain(err)[0];
  const text = (first?.message ?? String(err)).split("\n")[0] ?? "";
  return text.length > 160 ? `${text.slice(0, 157)}...` : text || "network error";
}

/** Failures before a request could leave (no connection, no TLS session): nothing reached the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** False when the error shows the request never reached the server (so it does not count as sent). */
export function requestLeft(err: unknown): boolean {
  for (const e of chain(err)) {
    const code = typeof e.code === "string" ? e.code : "";
    if (NOT_SENT_CODES.has(code) || code.startsWith("ERR_SSL_") || code === "EPROTO") return false;
    if (/SSL routines/i.test(e.message ?? "")) return false;
  }
  return true;
}
