// `rampart tls <host:port>`: the transport audit alone (protocols, suites with their strength,
// groups, certificate, grade) — a testssl.sh-style run without scanning an API.
// Only the TLS checks: their meta fills severity and title without loading the whole catalog.
import { tlsChecks } from "../../../checks/encryption/tls/index.js";
import { TargetError, UsageError } from "../../../core/errors.js";
import { readCa } from "../../../engine/settings.js";
import { auditTls } from "../../../tls/audit.js";
import { tlsFindings } from "../../../tls/findings.js";
import { renderTlsSummary } from "../../../tls/summary.js";
import type { CliIO } from "../command.js";
import { TLS_FORMATS } from "../definitions/tls.js";

export interface TlsFlags {
  ca?: string;
  timeout: number;
  format: string;
  servername?: string;
}

/** host:port, [v6]:port, host (port 443) or an https:// URL. */
export function parseEndpoint(value: string): { host: string; port: number } {
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(`not a valid URL: '${value}'`);
    }
    return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || (url.protocol === "https:" ? 443 : NaN)) || bad(value) };
  }
  const m = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(text) ?? /^([^:\s/]+)(?::(\d+))?$/.exec(text);
  if (!m) return bad(value);
  const port = m[2] === undefined ? 443 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return bad(value);
  return { host: m[1] as string, port };
}

function bad(value: string): never {
  throw new UsageError(`expected host:port, [ipv6]:port or https://host:port (got '${value}')`);
}

export async function runTls(endpoint: string, flags: TlsFlags, io: CliIO): Promise<void> {
  if (!TLS_FORMATS.includes(flags.format)) throw new UsageError(`--format must be one of ${TLS_FORMATS.join(", ")} (got '${flags.format}')`);
  const { host, port } = parseEndpoint(endpoint);
  const caPem = readCa(flags.ca ?? null);
  const audit = await auditTls(host, port, {
    timeoutMs: flags.timeout,
    caPem,
    ...(flags.servername ? { servername: flags.servername } : {}),
  });
  if (!audit.ok) throw new TargetError(audit.error ?? `${host}:${port}: TLS audit failed`);
  const findings = tlsFindings(audit, { host, port, servername: audit.servername }).map((f) => {
    const meta = f.checkId ? tlsChecks.find((c) => c.meta.id === f.checkId)?.meta : undefined;
    return { ...f, severity: f.severity ?? meta?.severity ?? "info", title: f.title ?? meta?.title ?? "" };
  });
  if (flags.format === "json") io.out(JSON.stringify({ ...audit, findings }, null, 2));
  else io.out(renderTlsSummary(audit, findings, { color: io.color }));
}
