// auditTls: the whole transport audit of one host:port. Phase 1 probes every protocol version (and
// starts the certificate handshake) in parallel; phase 2 enumerates suites per supported version and
// the supported groups, in parallel, under one concurrency limit. Never throws for target problems:
// an unreachable or non-TLS port comes back as { ok: false, error }.
import type { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { UsageError } from "../core/errors.js";
import { WireError } from "./bytes.js";
import { analyzeCertificates } from "./certificate.js";
import { LEGACY_SUITES, TLS13_SUITES } from "./cipher-suites.js";
import { enumerateCiphers, type Enumeration } from "./enumerate.js";
import { gradeTls } from "./grade.js";
import { scanGroups } from "./group-scan.js";
import { groupByCode } from "./groups.js";
import { fetchChain } from "./handshake.js";
import { createLimiter } from "./limit.js";
import { detectProtocols, fatalError, sslv2Ciphers } from "./protocols.js";
import type { ProbeContext } from "./prober.js";
import { createTrustStore, parsePemBundle } from "./trust-store.js";
import type { CertificateAnalysis, GroupResult, ProtocolCiphers, TlsAudit } from "./types.js";
import type { ProtocolName } from "./versions.js";

export interface AuditOptions {
  /** Per-connection timeout. */
  timeoutMs: number;
  /** Extra trust anchors (PEM, one or more certificates). */
  caPem?: string | null;
  /** Parallel probe connections (default 8). */
  concurrency?: number;
  signal?: AbortSignal;
  /** SNI and the name the certificate must match (default: the host, unless it is an IP address). */
  servername?: string;
}

const LEGACY_CODES = LEGACY_SUITES.map((s) => s.code);
const TLS13_CODES = TLS13_SUITES.map((s) => s.code);

export async function auditTls(host: string, port: number, opts: AuditOptions): Promise<TlsAudit> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`invalid port: ${port}`);
  if (!(opts.timeoutMs > 0)) throw new UsageError(`invalid timeout: ${opts.timeoutMs}`);
  const startedAt = new Date();
  const t0 = performance.now();
  const servername = opts.servername ?? (isIP(host) ? null : host);
  const limit = createLimiter(opts.concurrency ?? 8);
  const ctx: ProbeContext = { host, port, timeoutMs: opts.timeoutMs, signal: opts.signal, servername, limit };
  const errors: string[] = [];
  const extra = extraAnchors(opts.caPem ?? null, errors);

  const handshake = limit.run(() => fetchChain(ctx, servername));
  const detected = await detectProtocols(ctx);
  const supported = detected.results.filter((r) => r.supported).map((r) => r.name);
  const base = { host, port, servername, startedAt: startedAt.toISOString(), protocols: detected.results };
  const fatal = fatalError(detected, `${host}:${port}`);
  if (fatal) {
    await handshake;
    return {
      ...base, durationMs: Math.round(performance.now() - t0), connections: limit.started, ok: false, error: fatal,
      ciphers: [], groups: [], dh: null, secureRenegotiation: null, certificate: null,
      grade: gradeTls({ protocols: [], ciphers: [], certificate: null, dhMinBits: null, secureRenegotiation: null }), errors,
    };
  }
  for (const r of detected.results) if (r.supported === null && r.note) errors.push(`${r.name} probe: ${r.note}`);

  const tlsVersions = supported.filter((p): p is Exclude<ProtocolName, "SSLv2"> => p !== "SSLv2");
  const legacyForGroups = (["TLSv1.2", "TLSv1.1", "TLSv1.0"] as const).find((p) => supported.includes(p));
  const [enumerations, groups13, groupsLegacy] = await Promise.all([
    Promise.all(tlsVersions.map((p) => enumerateCiphers(ctx, p, p === "TLSv1.3" ? TLS13_CODES : LEGACY_CODES))),
    supported.includes("TLSv1.3") ? scanGroups(ctx, "TLSv1.3") : null,
    legacyForGroups ? scanGroups(ctx, legacyForGroups) : null,
  ]);
  const ciphers: ProtocolCiphers[] = [...(detected.sslv2 ? [sslv2Ciphers(detected.sslv2)] : []), ...enumerations.map((e) => e.result)];
  for (const e of enumerations) errors.push(...e.errors);
  errors.push(...(groups13?.errors ?? []), ...(groupsLegacy?.errors ?? []));

  const certificate = await analyze(await handshake, enumerations, { host: servername ?? host, extra, errors });
  const dhBits = ciphers.flatMap((p) => p.ciphers.flatMap((c) => (c.keyExchange?.kind === "dh" ? [c.keyExchange.bits] : [])));
  const dh = dhBits.length ? { minBits: Math.min(...dhBits), maxBits: Math.max(...dhBits) } : null;
  const renegotiation = enumerations.map((e) => e.secureRenegotiation).filter((v): v is boolean => v !== null);
  const secureRenegotiation = renegotiation.length ? renegotiation.some(Boolean) : null;
  return {
    ...base,
    durationMs: Math.round(performance.now() - t0),
    connections: limit.started,
    ok: true,
    error: null,
    ciphers,
    groups: mergeGroups(groups13?.groups ?? [], legacyForGroups ? (groupsLegacy?.groups ?? []) : [], legacyForGroups ?? "TLSv1.2"),
    dh,
    secureRenegotiation,
    certificate,
    grade: gradeTls({ protocols: supported, ciphers, certificate, dhMinBits: dh?.minBits ?? null, secureRenegotiation }),
    errors,
  };
}

function extraAnchors(caPem: string | null, errors: string[]): X509Certificate[] {
  if (!caPem) return [];
  const bundle = parsePemBundle(caPem);
  if (bundle.invalid > 0) errors.push(`--ca: ${bundle.invalid} certificate(s) could not be parsed`);
  if (bundle.certs.length === 0 && bundle.invalid === 0) errors.push("--ca: no PEM certificate found");
  return bundle.certs;
}

async function analyze(
  hs: Awaited<ReturnType<typeof fetchChain>>,
  enumerations: Enumeration[],
  o: { host: string; extra: X509Certificate[]; errors: string[] },
): Promise<CertificateAnalysis | null> {
  const raw = enumerations.find((e) => e.flight)?.flight?.certificates ?? [];
  const ders = hs.ok ? hs.ders : raw;
  if (!hs.ok && raw.length === 0) {
    o.errors.push(`certificate: ${hs.error}`);
    return null;
  }
  try {
    return analyzeCertificates(ders, { hostname: o.host, store: createTrustStore(o.extra), source: hs.ok ? "handshake" : "probe" });
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    o.errors.push(`certificate: ${e.message}`);
    return null;
  }
}

function mergeGroups(tls13: number[], legacy: number[], legacyProtocol: ProtocolName): GroupResult[] {
  const out = new Map<number, GroupResult>();
  const add = (code: number, protocol: ProtocolName): void => {
    const g = groupByCode(code);
    const entry = out.get(code) ?? { code, name: g.name, kind: g.kind, bits: g.bits, protocols: [] };
    entry.protocols.push(protocol);
    out.set(code, entry);
  };
  for (const c of tls13) add(c, "TLSv1.3");
  for (const c of legacy) add(c, legacyProtocol);
  return [...out.values()];
}
