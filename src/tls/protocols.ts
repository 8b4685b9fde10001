// Phase 1 of an audit: one hello per protocol version, all in parallel, offering every suite the
// version can carry. Also decides when a port cannot be audited at all, and why, in one line.
import { LEGACY_SUITES, TLS13_SUITES } from "./cipher-suites.js";
import type { FailureKind } from "./connection.js";
import { probeSslv2, probeTls, type HelloOutcome, type ProbeContext, type Sslv2Outcome } from "./prober.js";
import { sslv2CipherByCode, type Sslv2ServerHello } from "./sslv2.js";
import type { AcceptedCipher, ProtocolCiphers, ProtocolResult } from "./types.js";
import { PROTOCOL_NAMES, PROTOCOLS, type ProtocolName } from "./versions.js";

export interface Detection {
  results: ProtocolResult[];
  outcomes: Partial<Record<ProtocolName, HelloOutcome | Sslv2Outcome>>;
  sslv2: Sslv2ServerHello | null;
}

export async function detectProtocols(ctx: ProbeContext): Promise<Detection> {
  const legacy = LEGACY_SUITES.map((s) => s.code);
  const tls13 = TLS13_SUITES.map((s) => s.code);
  const outcomes = await Promise.all(
    PROTOCOL_NAMES.map((name): Promise<HelloOutcome | Sslv2Outcome> => {
      if (name === "SSLv2") return probeSslv2(ctx);
      const version = PROTOCOLS[name].wire;
      return probeTls(ctx, { version, suites: version >= 0x0304 ? tls13 : legacy, end: "hello" });
    }),
  );
  const byName: Detection["outcomes"] = {};
  let sslv2: Sslv2ServerHello | null = null;
  const results = PROTOCOL_NAMES.map((name, i): ProtocolResult => {
    const o = outcomes[i] as HelloOutcome | Sslv2Outcome;
    byName[name] = o;
    if (o.status === "accepted") {
      if ("hello" in o && "ciphers" in o.hello) sslv2 = o.hello;
      return { name, supported: true, note: null };
    }
    if (o.status === "rejected") return { name, supported: false, note: o.reason };
    return { name, supported: null, note: o.failure.message };
  });
  return { results, outcomes: byName, sslv2 };
}

/** Most telling first: a port that speaks HTTP says more than one that timed out. */
const FAILURE_RANK: readonly FailureKind[] = [
  "http", "text", "garbage", "oversized", "truncated", "malformed", "refused", "unreachable", "timeout", "aborted",
];

/** One-line reason when no protocol was negotiated at all; null when the audit can go on. */
export function fatalError(d: Detection, where: string): string | null {
  if (d.results.some((r) => r.supported)) return null;
  const failures = Object.values(d.outcomes).flatMap((o) => (o?.status === "failed" ? [o.failure] : []));
  failures.sort((a, b) => FAILURE_RANK.indexOf(a.kind) - FAILURE_RANK.indexOf(b.kind));
  const worst = failures[0];
  if (worst) return `${where}: ${worst.message}`;
  const reasons = Object.values(d.outcomes).flatMap((o) => (o?.status === "rejected" ? [o.reason] : []));
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
