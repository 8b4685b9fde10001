// SSLv2 (one hello lists every shared cipher kind) and the verdict for a port where no protocol
// version could be negotiated at all: the most telling reason, in one line.
import type { FailureKind } from "./connection.js";
import type { ProtocolScan } from "./enumerate.js";
import { probeSslv2, type ProbeContext } from "./prober.js";
import { sslv2CipherByCode, type Sslv2ServerHello } from "./sslv2.js";
import type { AcceptedCipher, ProtocolCiphers } from "./types.js";

export async function scanSslv2(ctx: ProbeContext): Promise<ProtocolScan> {
  const o = await probeSslv2(ctx);
  const base = { flight: null, secureRenegotiation: null, errors: [], outcomes: [o] };
  if (o.status === "accepted") return { ...base, result: { name: "SSLv2", supported: true, note: null }, ciphers: sslv2Ciphers(o.hello) };
  const note = o.status === "rejected" ? o.reason : o.failure.message;
  return { ...base, result: { name: "SSLv2", supported: o.status === "rejected" ? false : null, note }, ciphers: null };
}

/** Most telling first: a port that speaks HTTP says more than one that timed out. */
const FAILURE_RANK: readonly FailureKind[] = [
  "http", "text", "garbage", "oversized", "truncated", "malformed", "refused", "unreachable", "timeout", "aborted",
];

/** One-line reason when no protocol was negotiated at all; null when the audit can go on. */
export function fatalError(scans: readonly ProtocolScan[], where: string): string | null {
  if (scans.some((s) => s.result.supported)) return null;
  const outcomes = scans.flatMap((s) => s.outcomes);
  const failures = outcomes.flatMap((o) => (o.status === "failed" ? [o.failure] : []));
  failures.sort((a, b) => FAILURE_RANK.indexOf(a.kind) - FAILURE_RANK.indexOf(b.kind));
  const worst = failures[0];
  if (worst) return `${where}: ${worst.message}`;
  const reasons = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
  if (reasons.every((r) => !r.startsWith("alert"))) return `${where}: the connection closes without answering any SSL/TLS hello`;
  const alerts = [...new Set(reasons.filter((r) => r.startsWith("alert")).map((r) => r.slice(6)))];
  return `${where}: every SSL/TLS hello was refused (${alerts.join(", ")}): no protocol version and cipher suite in common`;
}

export function sslv2Ciphers(hello: Sslv2ServerHello): ProtocolCiphers {
  const ciphers = hello.ciphers.map((code): AcceptedCipher => {
    const c = sslv2CipherByCode(code);
    return {
      code, hex: `0x${code.toString(16).padStart(6, "0").toUpperCase()}`, name: c.name, openssl: c.openssl || null,
      kx: "RSA", au: "RSA", enc: c.enc, bits: c.bits, mac: c.name.endsWith("_SHA") ? "SHA1" : "MD5",
      pfs: false, export: c.export, strength: "insecure", keyExchange: null,
    };
  });
  return { protocol: "SSLv2", preference: null, ciphers, complete: true };
}
