// TlsAudit → findings. Shared by the encryption.tls-* / encryption.cert-* checks and by the database
// transport (idPrefix "encryption.db-cert-" for a database's certificate). Evidence names protocols,
// suites and certificate fields; the reproduce line is an openssl s_client command.
import type { FindingInput } from "../core/check.js";
import type { Severity } from "../core/types.js";
import type { AcceptedCipher, CertificateAnalysis, TlsAudit } from "./types.js";
import { PROTOCOLS, type ProtocolName } from "./versions.js";
import { VULNERABILITIES } from "./vulns/catalog.js";
import { CIPHER_WEAKNESSES } from "./weakness.js";

export interface FindingOptions {
  /** Prepended to the rule name: default "encryption.cert-" (certificates) / "encryption." (protocols). */
  idPrefix?: string;
  host: string;
  port: number;
  servername?: string | null;
  /** The s_client connection part, e.g. `openssl s_client -starttls postgres -connect db:5432`. */
  opensslConnect?: string;
}

const LEGACY_SEVERITY: Partial<Record<ProtocolName, Severity>> = {
  SSLv2: "critical", SSLv3: "critical", "TLSv1.0": "high", "TLSv1.1": "high",
};
const EXPIRY_BANDS: readonly (readonly [days: number, severity: Severity])[] = [[7, "high"], [30, "medium"]];

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function sClient(o: FindingOptions, extra: string): string {
  const base = o.opensslConnect ?? `openssl s_client -connect ${hostPort(o.host, o.port)}${o.servername ? ` -servername ${o.servername}` : ""}`;
  return `${base}${extra ? ` ${extra}` : ""} </dev/null`;
}

function evidence(o: FindingOptions, excerpt: string, note?: string): FindingInput["evidence"][number] {
  return { request: `TLS ${hostPort(o.host, o.port)}`, status: null, excerpt, ...(note ? { note } : {}) };
}

function suiteList(ciphers: readonly AcceptedCipher[], max = 8): string {
  const names = ciphers.map((c) => c.openssl ?? c.name);
  return names.length > max ? `${names.slice(0, max).join(", ")} … (+${names.length - max})` : names.join(", ");
}

function opensslCiphers(ciphers: readonly AcceptedCipher[]): string {
  const names = [...new Set(ciphers.flatMap((c) => (c.openssl ? [c.openssl] : [])))].slice(0, 6);
  return names.length ? `-cipher '${names.join(":")}:@SECLEVEL=0'` : "";
}

export function certificateFindings(cert: CertificateAnalysis | null, o: FindingOptions): FindingInput[] {
  if (!cert) return [];
  const id = (rule: string): string => `${o.idPrefix ?? "encryption.cert-"}${rule}`;
  const leaf = cert.leaf;
  const who = `subject ${leaf.subject}; issuer ${leaf.issuer}`;
  const showcerts = sClient(o, "-showcerts");
  const out: FindingInput[] = [];
  const add = (rule: string, f: Omit<FindingInput, "checkId" | "confidence" | "reproduce">): void => {
    out.push({ checkId: id(rule), confidence: "confirmed", reproduce: showcerts, key: hostPort(o.host, o.port), ...f });
  };
  const v = cert.validity;
  if (v.expired) add("expired", { title: `Certificate expired ${-v.daysLeft} day(s) ago`, evidence: [evidence(o, `notAfter ${v.notAfter}; ${who}`)] });
  if (v.notYetValid) add("not-yet-valid", { title: "Certificate not yet valid", evidence: [evidence(o, `notBefore ${v.notBefore}; ${who}`)] });
  const band = EXPIRY_BANDS.find(([days]) => v.daysLeft < days);
  if (!v.expired && !v.notYetValid && band) {
    add("expiring-soon", {
      severity: band[1], title: `Certificate expires in ${v.daysLeft} day(s)`, evidence: [evidence(o, `notAfter ${v.notAfter} (${v.daysLeft} days left); ${who}`)],
    });
  }
  if (!cert.trust.trusted && cert.trust.status !== "incomplete") {
    const what = cert.trust.status === "self-signed" ? "Self-signed certificate" : "Certificate chain not trusted";
    add("untrusted", { title: what, evidence: [evidence(o, `${cert.trust.detail}; ${who}`, `trust: ${cert.trust.status}`)] });
  }
  if (!cert.hostname.matches) {
    const names = [...cert.subjectAltNames.dns, ...cert.subjectAltNames.ip].join(", ") || `CN=${leaf.commonName ?? "(none)"}`;
    add("hostname-mismatch", {
      title: `Certificate does not match ${cert.hostname.name}`, evidence: [evidence(o, `host ${cert.hostname.name}; certificate names: ${names}`)],
    });
  }
  if (cert.weakKey) {
    const k = leaf.key;
    add("weak-key", { title: `Weak certificate key (${k.type.toUpperCase()} ${k.bits} bits)`, evidence: [evidence(o, `${k.type} ${k.bits}-bit key${k.curve ? ` (${k.curve})` : ""}; ${who}`)] });
  }
  if (cert.weakSignatures.length > 0) {
    add("weak-signature", {
      title: `Certificate signed with ${cert.weakSignatures[0]?.algorithm}`,
      evidence: cert.weakSignatures.map((w) => evidence(o, `${w.algorithm} on ${w.subject}`)),
    });
  }
  if (cert.incompleteChain) {
    add("incomplete-chain", {
      title: "Certificate chain incomplete (intermediate missing)",
      evidence: [evidence(o, `server sent ${cert.presentedCount} certificate(s); missing: ${cert.missingIssuers.join("; ")}`)],
    });
  }
  return out;
}

export function protocolFindings(audit: TlsAudit, o: FindingOptions): FindingInput[] {
  if (!audit.ok) return [];
  const id = (rule: string): string => `${o.idPrefix ?? "encryption."}${rule}`;
  const out: FindingInput[] = [];
  const at = hostPort(o.host, o.port);
  const supported = (p: ProtocolName): boolean => audit.protocols.some((r) => r.name === p && r.supported === true);
  const accepted = audit.ciphers.flatMap((p) => p.ciphers.map((c) => ({ c, protocol: p.protocol })));
  const byProtocol = (list: typeof accepted): string =>
    [...new Set(list.map((x) => x.protocol))].map((p) => `${p}: ${suiteList(list.filter((x) => x.protocol === p).map((x) => x.c))}`).join("; ");

  for (const [protocol, severity] of Object.entries(LEGACY_SEVERITY) as [ProtocolName, Severity][]) {
    if (!supported(protocol)) continue;
    const suites = audit.ciphers.find((p) => p.protocol === protocol)?.ciphers ?? [];
    out.push({
      checkId: id("tls-legacy-protocol"), severity, confidence: "confirmed", key: `${at} ${protocol}`,
      title: `${protocol} accepted`,
      evidence: [evidence(o, `${protocol} handshake accepted${suites.length ? `; suites: ${suiteList(suites)}` : ""}`)],
      reproduce: sClient(o, PROTOCOLS[protocol].opensslFlag),
    });
  }
  const tls13 = audit.protocols.find((r) => r.name === "TLSv1.3");
  if (tls13?.supported === false) {
    out.push({
      checkId: id("tls13-unsupported"), confidence: "confirmed", key: at, title: "TLS 1.3 not supported",
      evidence: [evidence(o, `TLSv1.3 hello refused (${tls13.note ?? "no reason given"})`)], reproduce: sClient(o, "-tls1_3"),
    });
  }
  for (const w of CIPHER_WEAKNESSES) {
    const hits = accepted.filter((x) => w.matches(x.c));
    if (hits.length === 0) continue;
    out.push({
      checkId: id("tls-weak-cipher"), confidence: "confirmed", key: `${at} ${w.id}`, title: `Weak cipher suites accepted: ${w.label}`,
      evidence: [evidence(o, byProtocol(hits), w.label)], reproduce: sClient(o, opensslCiphers(hits.map((x) => x.c))),
    });
  }
  const legacy = accepted.filter((x) => x.protocol !== "TLSv1.3");
  const staticKx = legacy.filter((x) => !x.c.pfs && x.c.au !== "anon");
  const anyPfs = accepted.some((x) => x.c.pfs && x.c.au !== "anon");
  if (staticKx.length > 0 || (accepted.length > 0 && !anyPfs)) {
    out.push({
      checkId: id("tls-no-forward-secrecy"), confidence: "confirmed", key: at,
      title: anyPfs ? "Suites without forward secrecy accepted" : "No forward-secret (ECDHE/DHE) suite accepted",
      evidence: [evidence(o, byProtocol(staticKx.length ? staticKx : accepted), anyPfs ? "static key exchange (RSA, DH, ECDH, PSK)" : "no ECDHE or DHE suite")],
      reproduce: sClient(o, opensslCiphers(staticKx.map((x) => x.c))),
    });
  }
  const weakDh = accepted.filter((x) => x.c.keyExchange?.kind === "dh" && x.c.keyExchange.bits < 2048);
  if (weakDh.length > 0) {
    const bits = Math.min(...weakDh.map((x) => x.c.keyExchange?.bits ?? 0));
    out.push({
      checkId: id("tls-weak-dh"), confidence: "confirmed", key: at, title: `DHE with a ${bits}-bit group`,
      evidence: [evidence(o, byProtocol(weakDh), `smallest DH group: ${bits} bits`)], reproduce: sClient(o, opensslCiphers(weakDh.map((x) => x.c))),
    });
  }
  out.push(...vulnerabilityFindings(audit, o));
  return out;
}

/** testssl.sh's switch for each named test: the independent way to reproduce a verdict. */
const TESTSSL_FLAG: Record<string, string> = {
  heartbleed: "--heartbleed", "ccs-injection": "--ccs-injection", ticketbleed: "--ticketbleed", robot: "--robot",
  "secure-renegotiation": "--renegotiation", "client-renegotiation": "--renegotiation", crime: "--crime", breach: "--breach",
  poodle: "--poodle", "fallback-scsv": "--fallback", sweet32: "--sweet32", freak: "--freak", drown: "--drown", logjam: "--logjam",
  beast: "--beast", lucky13: "--lucky13", rc4: "--rc4",
};

/** The named vulnerability tests that fired, each as a finding of its own check. */
export function vulnerabilityFindings(audit: TlsAudit, o: FindingOptions): FindingInput[] {
  const at = hostPort(o.host, o.port);
  return audit.vulnerabilities.filter((v) => v.status === "vulnerable").map((v) => {
    const flag = TESTSSL_FLAG[v.id];
    const reproduce = flag
      ? `testssl.sh ${flag} ${at}`
      : `${sClient(o, "-tls1_3 -sess_out rampart.sess")} && printf 'HEAD / HTTP/1.0\\r\\n\\r\\n' > early.txt && ${sClient(o, "-tls1_3 -sess_in rampart.sess -early_data early.txt")}`;
    return {
      checkId: `${o.idPrefix ?? "encryption."}${VULNERABILITIES[v.id].check}`,
      confidence: "confirmed" as const,
      key: at,
      title: `${v.name}${v.cve.length ? ` (${v.cve[0]})` : ""}`,
      ...(v.severity ? { severity: v.severity } : {}),
      evidence: [evidence(o, v.detail, v.cve.length ? v.cve.join(", ") : undefined)],
      reproduce,
    };
  });
}

/** Every transport finding of an audit (protocols, suites, certificate). */
export function tlsFindings(audit: TlsAudit, o: Omit<FindingOptions, "idPrefix">): FindingInput[] {
  return [...protocolFindings(audit, o), ...certificateFindings(audit.certificate, o)];
}
