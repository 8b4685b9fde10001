// Wires the raw-socket audits (TLS prober, PostgreSQL-wire probe) into ctx.transport for one scan.
import type { ScanSettings, Transport } from "../core/check.js";
import { auditDb } from "../db/audit.js";
import { createTransport } from "./transport.js";

export function createScanTransport(settings: ScanSettings, timeoutMs: number, _concurrency: number, signal?: AbortSignal): Transport {
  const common = { timeoutMs, caPem: settings.caPem, ...(signal ? { signal } : {}) };
  return createTransport(
    () => Promise.reject(new Error("the TLS audit is not wired into this build yet")),
    (host, port) => auditDb(host, port, common),
  );
}
