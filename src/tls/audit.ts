// auditTls: the whole transport audit of one host:port. Every protocol version runs its own pipeline
// (detect, then enumerate suites), the group scans start as soon as their version is detected, and
// the certificate handshake runs alongside — all under one concurrency limit, with no barrier
// between versions. Never throws for target problems: an unreachable or non-TLS port comes back as
// { ok: false, error }.
import type { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { UsageError } from "../core/errors.js";
import { WireError } from "./bytes.js";
import { analyzeCertificates } from "./certificate.js";
import { scanProtocol } from "./enumerate.js";
import { gradeTls } from "./grade.js";
import { scanGroups, type GroupScan } from "./group-scan.js";
import { groupByCode } from "./groups.js";
import { fetchChain, type ChainFetch } from "./handshake.js";
import { createLimiter } from "./limit.js";
import { fatalError, scanSslv2 } from "./protocols.js";
import type { ProbeContext } from "./prober.js";
import { createTrustStore, parsePemBundle } from "./trust-store.js";
import { countScts } from "./cert-extensions.js";
import { readOcspResponse } from "./ocsp.js";
import type { CertificateAnalysis, GroupResult, ProtocolCiphers, TlsAudit } from "./types.js";
import { runVulnerabilityTests, type VulnerabilityScan } from "./vulns/index.js";

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
  /** Run the named vulnerability tests (Heartbleed, ROBOT, renegotiation …); default true. */
  vulnerabilities?: boolean;
  /** The endpoint serves HTTP: one GET / for the BREACH hint (default true; false for a database). */
  http?: boolean;
}

const TLS_VERSIONS = ["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;

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

  const tls = Object.fromEntries(TLS_VERSIONS.map((p) => [p, scanProtocol(ctx, p)])) as Record<(typeof TLS_VERSIONS)[number], ReturnType<typeof scanProtocol>>;
  const groups13 = tls["TLSv1.3"].detected.then((ok) => (ok ? scanGroups(ctx, "TLSv1.3") : null));
  const groupsLegacy = (async () => {
    for (const p of ["TLSv1.2", "TLSv1.1", "TLSv1.0"] as const) {
      if (await tls[p].detected) return scanGroups(ctx, p, (await groups13)?.groups ?? []);
    }
    return null;
  })();
  // The TLS ≤ 1.2 flights carry the certificate chain in the clear; a real handshake (one more
  // signature for the server) is needed only when no such flight shows it, e.g. TLS 1.3-only servers.
  const legacyScans = Promise.all(TLS_VERSIONS.filter((p) => p !== "TLSv1.3").map((p) => tls[p].done));
  const handshake = legacyScans.then((s): Promise<ChainFetch> | ChainFetch => {
    const raw = s.find((x) => x.flight)?.flight?.certificates;
    return raw?.length ? { ok: true, ders: raw, protocol: null, source: "probe" } : limit.run(() => fetchChain(ctx, servername));
  });
  const scans = await Promise.all([scanSslv2(ctx), ...TLS_VERSIONS.map((p) => tls[p].done)]);
  const fatal = fatalError(scans, `${host}:${port}`);
  const supported = scans.filter((s) => s.result.supported).map((s) => s.result.name);
  const ciphers = scans.flatMap((s) => (s.ciphers ? [s.ciphers] : []));
  const dh = dhRange(ciphers);
  const renegotiation = scans.map((s) => s.secureRenegotiation).filter((v): v is boolean => v !== null);
  const secureRenegotiation = renegotiation.length ? renegotiation.some(Boolean) : null;
  // The vulnerability tests need the accepted suites; they run beside the group scans and the handshake.
  const vulnScan: Promise<VulnerabilityScan | null> =
    fatal || opts.vulnerabilities === false
      ? Promise.resolve(null)
      : runVulnerabilityTests(ctx, { protocols: supported, ciphers, secureRenegotiation, dhMinBits: dh?.minBits ?? null }, {
          http: opts.http ?? true,
          hostHeader: hostHeader(servername ?? host, port),
          othersDone: Promise.allSettled([groups13, groupsLegacy, handshake]),
        });
  const groupScans = (await Promise.all([groups13, groupsLegacy])).filter((g): g is GroupScan => g !== null);
  const hs = await handshake;
  const vulns = await vulnScan;

  const base = { host, port, servername, startedAt: startedAt.toISOString(), protocols: scans.map((s) => s.result) };
  if (fatal) {
    return {
      ...base, durationMs: Math.round(performance.now() - t0), connections: limit.started, ok: false, error: fatal,
      ciphers: [], groups: [], dh: null, secureRenegotiation: null, certificate: null, vulnerabilities: [],
      grade: gradeTls({ protocols: [], ciphers: [], certificate: null, dhMinBits: null, secureRenegotiation: null }), errors,
    };
  }
  for (const s of scans) if (s.result.supported === null && s.result.note) errors.push(`${s.result.name} probe: ${s.result.note}`);
  for (const s of scans) errors.push(...s.errors);
  for (const g of groupScans) errors.push(...g.errors);
  if (vulns) errors.push(...vulns.errors);

  const certificate = analyze(hs, { host: servername ?? host, extra, errors });
  if (certificate) addHandshakeFacts(certificate, vulns, ciphers);
  const vulnerabilities = vulns?.results ?? [];
  return {
    ...base,
    durationMs: Math.round(performance.now() - t0),
    connections: limit.started,
    ok: true,
    error: null,
    ciphers,
    groups: mergeGroups(groupScans),
    dh,
    secureRenegotiation,
    certificate,
    vulnerabilities,
    grade: gradeTls({ protocols: supported, ciphers, certificate, dhMinBits: dh?.minBits ?? null, secureRenegotiation, vulnerabilities }),
    errors,
  };
}

function dhRange(ciphers: readonly ProtocolCiphers[]): { minBits: number; maxBits: number } | null {
  const bits = ciphers.flatMap((p) => p.ciphers.flatMap((c) => (c.keyExchange?.kind === "dh" ? [c.keyExchange.bits] : [])));
  return bits.length ? { minBits: Math.min(...bits), maxBits: Math.max(...bits) } : null;
}

function hostHeader(host: string, port: number): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return port === 443 ? h : `${h}:${port}`;
}

/** What only the handshakes showed: the OCSP staple, TLS-extension SCTs, and key usage the accepted
 *  suites need (digitalSignature for (EC)DHE, keyEncipherment for RSA key exchange). */
export function addHandshakeFacts(cert: CertificateAnalysis, vulns: VulnerabilityScan | null, ciphers: readonly ProtocolCiphers[]): void {
  if (vulns) {
    const ocsp = vulns.ocspResponse ? readOcspResponse(vulns.ocspResponse) : null;
    cert.stapling = {
      checked: vulns.staplingChecked,
      stapled: vulns.ocspResponse !== null,
      status: vulns.ocspResponse ? (ocsp?.certStatus ?? "unreadable") : null,
      thisUpdate: ocsp?.thisUpdate ?? null,
      nextUpdate: ocsp?.nextUpdate ?? null,
    };
    cert.transparency.tls = vulns.tlsScts ? countScts(vulns.tlsScts) : vulns.extensionsProbed ? 0 : null;
  }
  const ku = cert.keyUsage.keyUsage;
  if (!ku || cert.keyUsage.problems.some((p) => p.startsWith("key usage"))) return;
  const legacy = ciphers.filter((p) => p.protocol !== "TLSv1.3" && p.protocol !== "SSLv2").flatMap((p) => p.ciphers);
  const signs = legacy.some((c) => c.pfs && c.au !== "anon") || ciphers.some((p) => p.protocol === "TLSv1.3" && p.ciphers.length > 0);
  const encrypts = legacy.some((c) => c.kx === "RSA" && c.au === "RSA");
  if (signs && !ku.includes("digitalSignature")) cert.keyUsage.problems.push("key usage lacks digitalSignature, which (EC)DHE and TLS 1.3 handshakes need");
  if (encrypts && !ku.includes("keyEncipherment") && ku.includes("digitalSignature")) {
    cert.keyUsage.problems.push("key usage lacks keyEncipherment, which the accepted RSA key-exchange suites need");
  }
}

function extraAnchors(caPem: string | null, errors: string[]): X509Certificate[] {
  if (!caPem) return [];
  const bundle = parsePemBundle(caPem);
  if (bundle.invalid > 0) errors.push(`--ca: ${bundle.invalid} certificate(s) could not be parsed`);
  if (bundle.certs.length === 0 && bundle.invalid === 0) errors.push("--ca: no PEM certificate found");
  return bundle.certs;
}

function analyze(hs: ChainFetch, o: { host: string; extra: X509Certificate[]; errors: string[] }): CertificateAnalysis | null {
  if (!hs.ok) {
    o.errors.push(`certificate: ${hs.error}`);
    return null;
  }
  try {
    return analyzeCertificates(hs.ders, { hostname: o.host, store: createTrustStore(o.extra), source: hs.source });
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    o.errors.push(`certificate: ${e.message}`);
    return null;
  }
}

function mergeGroups(scans: GroupScan[]): GroupResult[] {
  const out = new Map<number, GroupResult>();
  for (const scan of scans) {
    for (const code of scan.groups) {
      const g = groupByCode(code);
      const entry = out.get(code) ?? { code, name: g.name, kind: g.kind, bits: g.bits, protocols: [] };
      entry.protocols.push(scan.protocol);
      out.set(code, entry);
    }
  }
  return [...out.values()];
}
