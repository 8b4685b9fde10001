// Settings derived from options that need parsing: database targets, extra trust anchors, transport.
import { readFileSync } from "node:fs";
import { InputError, UsageError } from "../core/errors.js";
import { analyzeDsn } from "../db/dsn.js";
import type { TransportSetting } from "../core/check.js";
import type { ScanOptions } from "./options.js";

/** Default PostgreSQL-wire ports probed with --probe-db: PostgreSQL and CockroachDB. */
const DEFAULT_DB_PORTS = [5432, 26257];

export function parseHostPort(value: string, defaultPort?: number): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(value.trim());
  const port = m?.[2] ? Number(m[2]) : defaultPort;
  if (!m?.[1] || port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`invalid host:port '${value}' (expected e.g. 127.0.0.1:5432)`);
  }
  return { host: m[1], port };
}

export function resolveDbTargets(options: ScanOptions, apiHost: string): { host: string; port: number; speculative?: boolean }[] {
  const out: { host: string; port: number; speculative?: boolean }[] = [];
  for (const d of options.db ?? []) out.push(parseHostPort(d, 5432));
  // Only PostgreSQL-wire products can be probed; every host of a multi-host DSN is.
  for (const dsn of options.dsn ?? []) {
    const a = analyzeDsn(dsn);
    if (a && (a.family === "postgresql" || a.family === "cockroachdb")) out.push(...a.hosts);
  }
  if (options.probeDb) for (const port of DEFAULT_DB_PORTS) out.push({ host: apiHost, port, speculative: true });
  const seen = new Set<string>();
  return out.filter((t) => (seen.has(`${t.host}:${t.port}`) ? false : (seen.add(`${t.host}:${t.port}`), true)));
}

/** --ca takes PEM text or a path to a PEM file. */
export function readCa(value: string | null): string | null {
  if (!value) return null;
  if (value.includes("-----BEGIN")) return value;
  try {
    const text = readFileSync(value, "utf8");
    if (!text.includes("-----BEGIN CERTIFICATE")) throw new InputError(`--ca ${value}: not a PEM certificate file`);
    return text;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--ca ${value}: cannot read file`);
  }
}

export const TRANSPORT_TERMINATED = "terminated-upstream";

/**
 * --transport-from: an https:// origin where the API's TLS is really served (audited instead of the
 * target socket), or `terminated-upstream` (transport checks not applicable). Null when unset.
 */
export function parseTransportFrom(value: string | null | undefined): TransportSetting | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.toLowerCase() === TRANSPORT_TERMINATED) return { kind: "terminated-upstream" };
  const usage = `--transport-from must be the https:// URL where the API's TLS is served (e.g. https://api.example.com) or ${TRANSPORT_TERMINATED} (got '${text.slice(0, 200)}')`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(usage);
  }
  if (url.protocol !== "https:" || url.username || url.password) throw new UsageError(usage);
  return { kind: "from", url: url.origin, host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 443) };
}
