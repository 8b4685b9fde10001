// node:tls errors raised by OpenSSL carry the whole error queue line ("80CC…:error:0A000153:SSL
// routines:ssl3_read_bytes:no renegotiation:../deps/openssl/…:1617:\n") as their message; a verdict
// or an error list wants the reason ("no renegotiation"), or the system code for socket errors.
export function nodeTlsErrorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const { reason, code } = e as Error & { reason?: unknown; code?: unknown };
  if (typeof reason === "string" && reason) return reason;
  const line = e.message.split("\n")[0]?.trim() ?? "";
  return typeof code === "string" && !line.includes(code) ? `${code} ${line}`.trim() : line;
}
