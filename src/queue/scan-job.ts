// What a queued scan job carries: the scan's id, its target host (for per-host limits) and the scan options
// sealed under the server's secret key. Options may hold stored identities' credentials as `--auth` values;
// sealing the whole request keeps every present and future secret field out of the queue's tables.
import type { ScanOptions } from "../engine/options.js";
import { seal, sealedKeyId, unseal, type SecretKey } from "../server/secrets.js";

/** The monitor run a job's scan is for (a monitor run through the queue): its worker records the run. */
export interface MonitorRunRef {
  monitorId: string;
  runId: number;
  /** The slot the run was fired for (ISO). */
  slot: string;
  /** The dashboard's address for links in the run's events, as the firing server knew it. */
  publicUrl: string | null;
}

export interface ScanJobData {
  scanId: string;
  /** host:port of the target: the unit of per-host politeness limits. */
  hostKey: string;
  /** When the API accepted the scan (ISO): queue latency is measured from here, across deferrals. */
  enqueuedAt: string;
  /** The scan options, sealed (AES-256-GCM) and bound to this scan id. */
  sealed: string;
  /** Set when the scan is a monitor's run. */
  monitorRun?: MonitorRunRef;
  /** How often the job was put back because its host was full (set by deferJob): the next wait grows with it. */
  deferrals?: number;
}

const context = (scanId: string): string => `rampart-scan-job:${scanId}`;

/** host:port of a target URL, lower-cased, with the scheme's default port filled in. */
export function hostKeyOf(target: string): string {
  try {
    const u = new URL(target);
    const port = u.port || (u.protocol === "https:" ? "443" : "80");
    return `${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return target.toLowerCase();
  }
}

export function sealScanJob(key: SecretKey, scanId: string, options: ScanOptions, now = new Date()): ScanJobData {
  return { scanId, hostKey: hostKeyOf(options.target), enqueuedAt: now.toISOString(), sealed: seal(key, JSON.stringify(options), context(scanId)) };
}

/** The options back; a job sealed under another key or altered is a SecretKeyError naming the key ids. */
export function openScanJob(key: SecretKey, job: ScanJobData): ScanOptions {
  return JSON.parse(unseal(key, job.sealed, context(job.scanId), `queued scan ${job.scanId}`)) as ScanOptions;
}

/** The key id a job was sealed under (for messages), or null. */
export function jobKeyId(job: ScanJobData): string | null {
  return sealedKeyId(job.sealed);
}

/** A payload read back from the queue is checked before use: the queue's tables are not trusted input. */
export function isScanJobData(v: unknown): v is ScanJobData {
  const o = v as Partial<ScanJobData> | null;
  if (!o || typeof o.scanId !== "string" || typeof o.hostKey !== "string" || typeof o.enqueuedAt !== "string" || typeof o.sealed !== "string") return false;
  if (o.deferrals !== undefined && !(Number.isSafeInteger(o.deferrals) && o.deferrals >= 0)) return false;
  return o.monitorRun === undefined || isMonitorRunRef(o.monitorRun);
}

function isMonitorRunRef(v: unknown): v is MonitorRunRef {
  const r = v as Partial<MonitorRunRef> | null;
  return (
    Boolean(r) &&
    typeof r?.monitorId === "string" &&
    Number.isSafeInteger(r.runId) &&
    typeof r.slot === "string" &&
    (r.publicUrl === null || typeof r.publicUrl === "string")
  );
}
