// Wires the raw-socket audits (TLS prober, PostgreSQL-wire probe) into ctx.transport for one scan.
import type { ScanSettings, Transport } from "../core/check.js";
import { auditDb } from "../db/audit.js";
import { auditTls } from "../tls/audit.js";
import { createTransport } from "./transport.js";

export function createScanTransport(settings: ScanSettings, timeoutMs: number, concurrency: number, signal?: AbortSignal): Transport {
  const common = { timeoutMs, caPem: settings.caPem, ...(signal ? { signal } : {}) };
  return createTransport(
    (host, port) => auditTls(host, port, { ...common, concurrency }),
    (host, port) => auditDb(host, port, common),
  );
}
