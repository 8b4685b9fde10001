// The database transport audit of one host:port: SSLRequest answer, TLS session and certificate, whether
// a plaintext StartupMessage is accepted, and which product answered. Bad peers become `error`, not throws.
import net from "node:net";
import { analyzeCertificateChain, auditTls, gradeTls } from "../tls/index.js";
import type { CertificateAnalysis, TlsAudit } from "../tls/index.js";
import { closeQuietly, requestSsl, startup, type SslRequestResult, type StartupOutcome } from "./pg-probe.js";
import { mergeGuesses, productFromError, productFromParameters, type ProductGuess } from "./product.js";
import { connectTcp, SocketReader } from "./socket.js";
import { startStartTlsRelay } from "./starttls-relay.js";
import { upgradeToTls, type DbTlsSession } from "./tls-upgrade.js";

export interface DbAuditOptions {
  timeoutMs: number;
  /** Extra trust anchors (PEM) besides the system store. */
  caPem?: string | null;
  signal?: AbortSignal;
  /** User named in the StartupMessage (default rampart_probe; `rampart db <dsn>` uses the DSN's user). */
  user?: string;
  database?: string;
  /** Enumerate TLS versions and suites with the raw prober through a STARTTLS relay (default true). */
  enumerate?: boolean;
  /** Parallel prober connections for the enumeration (default 4: each one is a database backend). */
  concurrency?: number;
  /** Dial this IP address instead of resolving `host` (a pinned scan); names in messages and certificates stay `host`. */
  address?: string;
}

export interface DbAudit {
  host: string;
  port: number;
  /** A TCP connection could be opened. */
  reachable: boolean;
  /** postgresql = answered in PostgreSQL wire; other = answered something else; unknown = said nothing usable. */
  wire: "postgresql" | "other" | "unknown";
  /** Why the audit could not conclude (unreachable, not PostgreSQL wire, timeout): a finding-free error. */
  error: string | null;
  sslRequest: SslRequestResult | null;
  /** Answer to a StartupMessage sent without TLS. */
  plaintext: StartupOutcome | null;
  /** Negotiated TLS session after 'S'. */
  tls: DbTlsSession | null;
  /** Answer to a StartupMessage sent inside TLS. */
  tlsStartup: StartupOutcome | null;
  /** The database's certificate judged like any TLS server's (trust: system store + caPem; host name). */
  certificate: CertificateAnalysis | null;
  /** Versions, suites, groups and grade from the raw prober behind SSLRequest (null when not run). */
  tlsScan: TlsAudit | null;
  product: ProductGuess;
  probeUser: string;
  /** Partial failures that did not stop the audit. */
  notes: string[];
}

export const DEFAULT_PROBE_USER = "rampart_probe";

export async function auditDb(host: string, port: number, opts: DbAuditOptions): Promise<DbAudit> {
  const user = opts.user ?? DEFAULT_PROBE_USER;
  const params = { user, database: opts.database ?? "postgres", application_name: "rampart" };
  const audit: DbAudit = {
    host,
    port,
    reachable: false,
    wire: "unknown",
    error: null,
    sslRequest: null,
    plaintext: null,
    tls: null,
    tlsStartup: null,
    certificate: null,
    tlsScan: null,
    product: { name: null, version: null, evidence: [] },
    probeUser: user,
    notes: [],
  };
  const [sslSide, plainSide] = await Promise.allSettled([
    sslConversation(host, port, params, opts),
    plaintextConversation(host, port, params, opts),
  ]);

  if (sslSide.status === "rejected") {
    audit.error = message(sslSide.reason);
    audit.reachable = !/^cannot connect/.test(audit.error);
    return finish(audit, plainSide);
  }
  audit.reachable = true;
  const { ssl, tls, tlsStartup, tlsError } = sslSide.value;
  audit.sslRequest = ssl;
  audit.tls = tls;
  audit.tlsStartup = tlsStartup;
  if (tlsError) audit.notes.push(tlsError);
  if (ssl.trailingBytes > 0) {
    audit.notes.push(`the server sent ${ssl.trailingBytes} unexpected byte(s) after its SSLRequest answer (buffer-stuffing risk)`);
  }
  if (ssl.answer === "garbage") {
    audit.wire = "other";
    audit.error = `${host}:${port} does not speak the PostgreSQL wire protocol (answered "${ssl.excerpt}" to SSLRequest)`;
    return finish(audit, null);
  }
  if (ssl.answer === "closed") {
    audit.error = `${host}:${port} closed the connection without answering the PostgreSQL SSLRequest`;
    return finish(audit, null);
  }
  audit.wire = "postgresql";
  if (tls) audit.certificate = judgeCertificate(tls, host, opts, audit.notes);
  if (ssl.answer === "S" && opts.enumerate !== false) audit.tlsScan = await enumerateTls(host, port, audit.certificate, opts, audit.notes);
  return finish(audit, plainSide);
}

function judgeCertificate(tls: DbTlsSession, host: string, opts: DbAuditOptions, notes: string[]): CertificateAnalysis | null {
  try {
    return analyzeCertificateChain(tls.chainPem, { hostname: host, caPem: opts.caPem ?? null });
  } catch (e) {
    notes.push(`certificate: ${message(e)}`);
    return null;
  }
}

/** The raw TLS prober cannot send SSLRequest itself, so it probes a local relay that does. */
async function enumerateTls(
  host: string,
  port: number,
  certificate: CertificateAnalysis | null,
  opts: DbAuditOptions,
  notes: string[],
): Promise<TlsAudit | null> {
  const relay = await startStartTlsRelay(opts.address ?? host, port, { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
  try {
    const scan = await auditTls("127.0.0.1", relay.port, {
      timeoutMs: opts.timeoutMs,
      caPem: opts.caPem ?? null,
      concurrency: opts.concurrency ?? 4,
      http: false,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(net.isIP(host) ? {} : { servername: host }),
    });
    if (!scan.ok) {
      notes.push(`TLS enumeration: ${scan.error ?? "failed"}`);
      return null;
    }
    notes.push(...scan.errors.map((e) => `TLS enumeration: ${e}`));
    // Report the database's address, and judge the certificate against the name the user gave.
    // The handshake facts (staple, TLS-extension SCTs, suite-specific key usage) come from the scan.
    const seen = scan.certificate;
    const cert = certificate && seen
      ? { ...certificate, stapling: seen.stapling, transparency: seen.transparency, keyUsage: seen.keyUsage }
      : (certificate ?? seen);
    const protocols = scan.protocols.filter((p) => p.supported).map((p) => p.name);
    const dhMinBits = scan.dh?.minBits ?? null;
    const grade = gradeTls({
      protocols, ciphers: scan.ciphers, certificate: cert, dhMinBits, secureRenegotiation: scan.secureRenegotiation, vulnerabilities: scan.vulnerabilities,
    });
    return { ...scan, host, port, certificate: cert, grade };
  } catch (e) {
    notes.push(`TLS enumeration: ${message(e)}`);
    return null;
  } finally {
    await relay.close();
  }
}

function finish(audit: DbAudit, plainSide: PromiseSettledResult<StartupOutcome> | null): DbAudit {
  if (plainSide?.status === "fulfilled") {
    audit.plaintext = plainSide.value;
    if (plainSide.value.verdict === "not-postgres" && audit.wire === "postgresql") {
      audit.notes.push(`plaintext StartupMessage: ${plainSide.value.reason}`);
    }
  } else if (plainSide?.status === "rejected" && audit.wire === "postgresql") {
    audit.notes.push(`plaintext StartupMessage: ${message(plainSide.reason)}`);
  }
  const errors = [audit.plaintext?.error, audit.tlsStartup?.error, audit.sslRequest?.error];
  audit.product = mergeGuesses([
    productFromParameters(audit.tlsStartup?.parameters ?? {}),
    productFromParameters(audit.plaintext?.parameters ?? {}),
    ...errors.map((e) => (e ? productFromError(e) : null)),
  ]);
  return audit;
}

interface SslSide {
  ssl: SslRequestResult;
  tls: DbTlsSession | null;
  tlsStartup: StartupOutcome | null;
  tlsError: string | null;
}

async function sslConversation(host: string, port: number, params: Record<string, string>, opts: DbAuditOptions): Promise<SslSide> {
  const raw = await connectTcp(opts.address ?? host, port, opts.timeoutMs, opts.signal);
  const reader = new SocketReader(raw, opts.timeoutMs, opts.signal);
  let closeMe: net.Socket = raw;
  try {
    const ssl = await requestSsl(reader);
    if (ssl.answer !== "S") return { ssl, tls: null, tlsStartup: null, tlsError: null };
    reader.detach();
    let upgraded;
    try {
      upgraded = await upgradeToTls(raw, host, opts);
    } catch (e) {
      return { ssl, tls: null, tlsStartup: null, tlsError: message(e) };
    }
    closeMe = upgraded.socket;
    const tlsReader = new SocketReader(upgraded.socket, opts.timeoutMs, opts.signal);
    let tlsStartup: StartupOutcome | null = null;
    let tlsError: string | null = null;
    try {
      tlsStartup = await startup(tlsReader, params);
    } catch (e) {
      tlsError = `StartupMessage inside TLS: ${message(e)}`;
    }
    return { ssl, tls: upgraded.session, tlsStartup, tlsError };
  } finally {
    closeQuietly(closeMe);
    if (closeMe !== raw) closeQuietly(raw);
  }
}

async function plaintextConversation(
  host: string,
  port: number,
  params: Record<string, string>,
  opts: DbAuditOptions,
): Promise<StartupOutcome> {
  const raw = await connectTcp(opts.address ?? host, port, opts.timeoutMs, opts.signal);
  try {
    return await startup(new SocketReader(raw, opts.timeoutMs, opts.signal), params);
  } finally {
    closeQuietly(raw);
  }
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
}
