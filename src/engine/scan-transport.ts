// Wires the raw-socket audits (TLS prober, PostgreSQL-wire probe) into ctx.transport for one scan.
// With pinned hosts (the server's target guard) the audits dial the vetted address, never a fresh lookup.
import type { ScanSettings, Transport } from "../core/check.js";
import { auditDb } from "../db/audit.js";
import { pinnedAddress, type PinnedHosts } from "../http/pinned-lookup.js";
import { auditTls } from "../tls/audit.js";
import { createTransport } from "./transport.js";

function notVetted(host: string): Error {
  return new Error(`${host} was not vetted by the target guard; the scan does not connect to other hosts`);
}

export function createScanTransport(
  settings: ScanSettings,
  timeoutMs: number,
  concurrency: number,
  signal?: AbortSignal,
  pins?: PinnedHosts,
): Transport {
  const common = { timeoutMs, caPem: settings.caPem, ...(signal ? { signal } : {}) };
  if (!pins) {
    return createTransport(
      (host, port) => auditTls(host, port, { ...common, concurrency }),
      (host, port) => auditDb(host, port, common),
    );
  }
  return createTransport(
    async (host, port) => {
      const address = pinnedAddress(pins, host);
      if (address === null) throw notVetted(host);
      // SNI and the certificate's name stay the host's; only the socket goes to the vetted address.
      const named = address === host ? {} : { servername: host };
      const audit = await auditTls(address, port, { ...common, concurrency, ...named });
      return { ...audit, host };
    },
    async (host, port) => {
      const address = pinnedAddress(pins, host);
      if (address === null) throw notVetted(host);
      return auditDb(host, port, { ...common, address });
    },
  );
}
