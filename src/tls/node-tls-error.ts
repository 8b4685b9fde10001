// node:tls errors raised by OpenSSL carry the whole error queue line ("80CC…:error:0A000153:SSL
// routines:ssl3_read_bytes:no renegotiation:../deps/openssl/…:1617:\n") as their message; a verdict
// or an error list wants the reason ("no renegotiation"), or the system code for socket errors.
import { oneLine } from "../core/errors.js";

export function nodeTlsErrorText(e: unknown): string {
  const { reason, code } = (e instanceof Error ? e : {}) as { reason?: unknown; code?: unknown };
  if (typeof reason === "string" && reason) return reason;
  const line = oneLine(e);
  return typeof code === "string" && !line.includes(code) ? `${code} ${line}` : line;
}
