// Shared by the TLS and certificate checks: one memoised transport audit per target (ctx.transport),
// turned into findings by src/tls/findings.ts; each check reports the rows carrying its own id.
import type { CheckContext } from "../../../core/check.js";
import type { References } from "../../../core/types.js";
import { transportRefs } from "../https/_refs.js";
import { servedAt } from "../https/_transport.js";
import { certificateFindings, protocolFindings, type FindingOptions } from "../../../tls/findings.js";
import { tlsReportExtra } from "../../../tls/report-extra.js";
import type { TlsAudit } from "../../../tls/types.js";

/** The check that records audit-level problems once (the others skip with the reason). */
const PROTOCOL_REPORTER = "encryption.tls-legacy-protocol";
const CERTIFICATE_REPORTER = "encryption.cert-untrusted";

/** Same compliance rows as the HTTPS hygiene checks (transport encryption). */
export const tlsRefs: (cwe: number[]) => References = transportRefs;

async function targetAudit(ctx: CheckContext): Promise<{ audit: TlsAudit; options: FindingOptions } | null> {
  if (ctx.settings.transport?.kind === "terminated-upstream") {
    if (ctx.settings.dbTargets.length === 0) ctx.notApplicable("transport is terminated upstream (--transport-from terminated-upstream): no TLS on this socket to audit");
    return null;
  }
  const at = servedAt(ctx);
  if (at.protocol !== "https:") {
    if (ctx.settings.dbTargets.length === 0) ctx.notApplicable("the target is not HTTPS (say where TLS is served with --transport-from)");
    return null;
  }
  const host = at.host.replace(/^\[|\]$/g, "");
  const audit = await ctx.transport.tls(host, at.port);
  // The TLS grade goes into the report beside the API grade (report.extras.tls).
  ctx.shared.set("extra:tls", tlsReportExtra(audit));
  if (!audit.ok) {
    if (ctx.checkId === PROTOCOL_REPORTER) ctx.warn(`TLS audit: ${audit.error ?? "failed"}`);
    else ctx.notApplicable(`TLS audit failed: ${audit.error ?? "unknown error"}`);
    return null;
  }
  return { audit, options: { host, port: at.port, servername: audit.servername } };
}

const isCertificateError = (e: string): boolean => e.startsWith("certificate") || e.startsWith("--ca");

/** The same protocol and suite rules on every database the scan probes (its TLS after SSLRequest). */
async function reportDatabaseProtocols(ctx: CheckContext): Promise<void> {
  for (const { host, port } of ctx.settings.dbTargets) {
    const db = await ctx.transport.db(host, port);
    if (!db.tlsScan?.ok) continue;
    const options: FindingOptions = { host, port, opensslConnect: `openssl s_client -starttls postgres -connect ${host}:${port}` };
    for (const f of protocolFindings(db.tlsScan, options)) {
      if (f.checkId !== ctx.checkId) continue;
      ctx.report({ ...f, title: `${f.title ?? ctx.checkId} on the database ${host}:${port}`, sensitiveData: true });
    }
  }
}

/** run() of the encryption.tls-* checks: the API's TLS, then each probed database's. */
export async function reportProtocolRule(ctx: CheckContext): Promise<void> {
  const t = await targetAudit(ctx);
  if (t) {
    if (ctx.checkId === PROTOCOL_REPORTER) for (const e of t.audit.errors.filter((x) => !isCertificateError(x))) ctx.warn(`TLS audit: ${e}`);
    for (const f of protocolFindings(t.audit, t.options)) if (f.checkId === ctx.checkId) ctx.report(f);
  }
  await reportDatabaseProtocols(ctx);
}

/** run() of the encryption.cert-* checks. */
export async function reportCertificateRule(ctx: CheckContext): Promise<void> {
  const t = await targetAudit(ctx);
  if (!t) return;
  if (ctx.checkId === CERTIFICATE_REPORTER) for (const e of t.audit.errors.filter(isCertificateError)) ctx.warn(`TLS audit: ${e}`);
  if (!t.audit.certificate) {
    if (ctx.checkId !== CERTIFICATE_REPORTER) ctx.notApplicable("no certificate could be analysed");
    return;
  }
  for (const f of certificateFindings(t.audit.certificate, t.options)) if (f.checkId === ctx.checkId) ctx.report(f);
}
