// The named TLS vulnerability tests as data: what each is called, its CVEs and the check that reports
// it. The tests themselves live beside this file; their verdicts land in TlsAudit.vulnerabilities.
import type { Severity } from "../../core/types.js";

export const VULNERABILITY_IDS = [
  "heartbleed", "ccs-injection", "ticketbleed", "robot", "secure-renegotiation", "client-renegotiation", "crime", "breach",
  "poodle", "fallback-scsv", "sweet32", "freak", "drown", "logjam", "beast", "lucky13", "rc4", "early-data",
] as const;
export type VulnerabilityId = (typeof VULNERABILITY_IDS)[number];

/** vulnerable: the test fired; not-vulnerable: it ran and did not; not-applicable: its precondition is absent; unknown: it failed. */
export type VulnerabilityStatus = "vulnerable" | "not-vulnerable" | "not-applicable" | "unknown";

export interface VulnerabilityResult {
  id: VulnerabilityId;
  name: string;
  cve: string[];
  status: VulnerabilityStatus;
  /** One line: the evidence when vulnerable, the reason otherwise. */
  detail: string;
  /** When the test itself grades the hit (e.g. a weak ROBOT oracle); otherwise the check's default. */
  severity?: Severity;
}

export interface VulnerabilityInfo {
  name: string;
  cve: readonly string[];
  /** encryption.<check> reports it. */
  check: string;
}

export const VULNERABILITIES: Record<VulnerabilityId, VulnerabilityInfo> = {
  heartbleed: { name: "Heartbleed", cve: ["CVE-2014-0160"], check: "tls-heartbleed" },
  "ccs-injection": { name: "CCS injection", cve: ["CVE-2014-0224"], check: "tls-ccs-injection" },
  ticketbleed: { name: "Ticketbleed", cve: ["CVE-2016-9244"], check: "tls-ticketbleed" },
  robot: { name: "ROBOT (Bleichenbacher oracle)", cve: ["CVE-2017-13099", "CVE-2017-17382", "CVE-2017-17427", "CVE-2017-6168"], check: "tls-robot" },
  "secure-renegotiation": { name: "Secure renegotiation (RFC 5746)", cve: ["CVE-2009-3555"], check: "tls-insecure-renegotiation" },
  "client-renegotiation": { name: "Client-initiated renegotiation", cve: ["CVE-2011-1473"], check: "tls-client-renegotiation" },
  crime: { name: "CRIME (TLS compression)", cve: ["CVE-2012-4929"], check: "tls-compression" },
  breach: { name: "BREACH (HTTP compression)", cve: ["CVE-2013-3587"], check: "tls-breach" },
  poodle: { name: "POODLE (SSLv3 CBC)", cve: ["CVE-2014-3566"], check: "tls-poodle" },
  "fallback-scsv": { name: "TLS_FALLBACK_SCSV (downgrade protection)", cve: [], check: "tls-fallback-scsv-missing" },
  sweet32: { name: "SWEET32 (64-bit block ciphers)", cve: ["CVE-2016-2183", "CVE-2016-6329"], check: "tls-sweet32" },
  freak: { name: "FREAK (export RSA)", cve: ["CVE-2015-0204"], check: "tls-freak" },
  drown: { name: "DROWN (SSLv2)", cve: ["CVE-2016-0800"], check: "tls-drown" },
  logjam: { name: "Logjam (weak or export DH)", cve: ["CVE-2015-4000"], check: "tls-logjam" },
  beast: { name: "BEAST (CBC in TLS 1.0)", cve: ["CVE-2011-3389"], check: "tls-beast" },
  lucky13: { name: "Lucky Thirteen (CBC timing)", cve: ["CVE-2013-0169"], check: "tls-lucky13" },
  rc4: { name: "RC4", cve: ["CVE-2013-2566", "CVE-2015-2808"], check: "tls-rc4" },
  "early-data": { name: "0-RTT early data (replay)", cve: [], check: "tls-early-data" },
};

export function verdict(id: VulnerabilityId, status: VulnerabilityStatus, detail: string, severity?: Severity): VulnerabilityResult {
  const v = VULNERABILITIES[id];
  return { id, name: v.name, cve: [...v.cve], status, detail, ...(severity ? { severity } : {}) };
}
