// The human summary of a TLS audit (`rampart tls`): grade, protocols, suites with their strength,
// groups, certificate, findings. Pure: TlsAudit (+ findings) → text.
import pc from "picocolors";
import type { FindingInput } from "../core/check.js";
import type { Strength } from "./cipher-suites.js";
import type { AcceptedCipher, CertificateAnalysis, TlsAudit, VulnerabilityStatus } from "./types.js";

type Colors = ReturnType<typeof pc.createColors>;

function strengthColor(c: Colors, s: Strength): (t: string) => string {
  return { insecure: c.red, weak: c.yellow, secure: c.green, recommended: c.green }[s];
}

function kx(c: AcceptedCipher): string {
  if (!c.keyExchange) return "";
  return c.keyExchange.kind === "dh" ? `DH ${c.keyExchange.bits}` : `ECDH ${c.keyExchange.group}`;
}

function certificateLines(cert: CertificateAnalysis, c: Colors): string[] {
  const l = cert.leaf;
  const ok = (good: boolean, text: string) => (good ? c.green(text) : c.red(text));
  const sans = [...cert.subjectAltNames.dns.map((d) => `DNS:${d}`), ...cert.subjectAltNames.ip.map((i) => `IP:${i}`)];
  const fromStore = cert.chain.filter((x) => x.source === "trust-store").length;
  return [
    `  subject    ${l.subject}`,
    `  issuer     ${l.issuer}`,
    `  SANs       ${sans.join(", ") || "(none)"}`,
    `  validity   ${cert.validity.notBefore} → ${cert.validity.notAfter}  ${ok(!cert.validity.expired && !cert.validity.notYetValid && cert.validity.daysLeft >= 30, `${cert.validity.daysLeft} days left`)}`,
    `  key        ${ok(!cert.weakKey, `${l.key.type.toUpperCase()} ${l.key.bits}${l.key.curve ? ` (${l.key.curve})` : ""}`)}   signature ${ok(cert.weakSignatures.length === 0, l.signatureAlgorithm)}`,
    `  hostname   ${cert.hostname.name}: ${ok(cert.hostname.matches, cert.hostname.matches ? "matches" : "does not match")}`,
    `  trust      ${ok(cert.trust.trusted, cert.trust.status)} (${cert.trust.detail})`,
    `  chain      ${cert.presentedCount} sent by the server${fromStore ? `, ${fromStore} from the trust store` : ""}${cert.incompleteChain ? c.yellow(" — incomplete") : ""}${chainNotes(cert, c)}`,
    ...trustFactLines(cert, c),
  ];
}

function chainNotes(cert: CertificateAnalysis, c: Colors): string {
  const f = cert.chainFacts;
  const notes = [!f.ordered ? "out of order" : "", f.extra.length ? `${f.extra.length} unused (${f.extra.join("; ")})` : "", f.rootSent ? "root sent" : ""].filter(Boolean);
  return notes.length ? c.yellow(` — ${notes.join(", ")}`) : "";
}

/** Revocation, stapling, transparency and key usage: the facts behind "can clients trust this cert today". */
function trustFactLines(cert: CertificateAnalysis, c: Colors): string[] {
  const st = cert.stapling;
  const stapling = !st.checked ? "not checked" : st.stapled ? `stapled (${st.status ?? "unreadable"}${st.nextUpdate ? `, next update ${st.nextUpdate}` : ""})` : "not stapled";
  const must = cert.mustStaple ? (st.stapled ? c.green(" · must-staple honoured") : c.red(" · must-staple NOT honoured")) : "";
  const r = cert.revocation;
  const revocation = [r.ocsp.length ? `OCSP ${r.ocsp.join(", ")}` : "", r.crl.length ? `CRL ${r.crl.join(", ")}` : ""].filter(Boolean).join("; ") || c.yellow("no OCSP or CRL URL");
  const t = cert.transparency;
  const sct = `${t.embedded} embedded${t.tls === null ? "" : `, ${t.tls} in the TLS extension`}`;
  const ku = cert.keyUsage;
  const usage = ku.problems.length ? c.red(ku.problems.join("; ")) : [ku.keyUsage?.join(", ") ?? "any key usage", ku.extendedKeyUsage?.join(", ") ?? "any extended usage"].join(" · ");
  return [`  OCSP       ${stapling}${must}`, `  revocation ${revocation}`, `  SCTs       ${sct}`, `  key usage  ${usage}`];
}

const STATUS_WORD: Record<VulnerabilityStatus, string> = {
  vulnerable: "VULNERABLE", "not-vulnerable": "not vulnerable", "not-applicable": "not applicable", unknown: "unknown",
};

function vulnerabilityLines(audit: TlsAudit, c: Colors): string[] {
  if (audit.vulnerabilities.length === 0) return [];
  const paint = (s: VulnerabilityStatus): ((t: string) => string) => ({ vulnerable: c.red, "not-vulnerable": c.green, "not-applicable": c.dim, unknown: c.yellow })[s];
  return [
    "",
    c.bold("Vulnerabilities"),
    ...audit.vulnerabilities.map((v) => `  ${v.name.padEnd(42)} ${paint(v.status)(STATUS_WORD[v.status].padEnd(15))} ${c.dim(v.detail)}`),
  ];
}

export function renderTlsSummary(audit: TlsAudit, findings: readonly FindingInput[], o: { color: boolean }): string {
  const c = pc.createColors(o.color);
  const where = `${audit.host}:${audit.port}${audit.servername && audit.servername !== audit.host ? ` (SNI ${audit.servername})` : ""}`;
  const g = audit.grade;
  const letter = g.letter === "T" ? `T (${g.letterIgnoringTrust} if trust issues are ignored)` : (g.letter ?? "-");
  const out = [c.bold(`TLS audit of ${where}: grade ${letter}, score ${g.score}`)];
  out.push(`  protocol ${g.protocolScore} · key exchange ${g.keyExchangeScore} · cipher ${g.cipherScore}`);
  for (const cap of g.caps) out.push(`  capped at ${cap.cap}: ${cap.reason}`);

  out.push("", c.bold("Protocols"));
  for (const p of audit.protocols) {
    const state = p.supported === null ? c.yellow("unknown") : p.supported ? (p.name.startsWith("SSL") || p.name === "TLSv1.0" || p.name === "TLSv1.1" ? c.red("yes") : c.green("yes")) : "no";
    out.push(`  ${p.name.padEnd(8)} ${state}${p.supported === true || !p.note ? "" : c.dim(`  (${p.note})`)}`);
  }

  out.push("", c.bold("Cipher suites"));
  for (const p of audit.ciphers) {
    const order = p.preference === "server" ? "server order" : p.preference === "client" ? "client's order is followed" : "";
    out.push(`  ${p.protocol}${order ? ` (${order})` : ""}${p.complete ? "" : c.yellow(" — incomplete")}`);
    for (const s of p.ciphers) {
      const name = (s.openssl ?? s.name).padEnd(34);
      out.push(`    ${s.hex}  ${name} ${kx(s).padEnd(18)} ${strengthColor(c, s.strength)(s.strength)}`);
    }
  }
  if (audit.groups.length) out.push("", `${c.bold("Groups")}  ${audit.groups.map((gr) => gr.name).join(", ")}`);
  if (audit.dh) out.push(`${c.bold("DH")}      ${audit.dh.minBits === audit.dh.maxBits ? audit.dh.minBits : `${audit.dh.minBits}–${audit.dh.maxBits}`} bits`);
  if (audit.secureRenegotiation !== null) out.push(`${c.bold("Secure renegotiation")}  ${audit.secureRenegotiation ? "yes" : c.red("no")}`);

  if (audit.certificate) out.push("", c.bold("Certificate"), ...certificateLines(audit.certificate, c));
  out.push(...vulnerabilityLines(audit, c));
  out.push("", c.bold(`Findings (${findings.length})`));
  for (const f of findings) out.push(`  ${(f.severity ?? "").toUpperCase().padEnd(8)} ${f.checkId ?? ""}  ${f.title ?? ""}`);
  if (audit.errors.length) out.push("", c.bold("Errors"), ...audit.errors.map((e) => `  ${e}`));
  out.push("", c.dim(`${audit.connections} connections in ${audit.durationMs} ms`));
  return out.join("\n");
}
