// `rampart history`: stored scans, newest first, as a table or JSON.
import { UsageError } from "../../../core/errors.js";
import { SEVERITIES } from "../../../core/types.js";
import { openStore } from "../../../store/index.js";
import type { ScanSummary } from "../../../store/index.js";
import type { CliIO } from "../command.js";
import { HISTORY_FORMATS } from "../definitions/history.js";

export interface HistoryFlags {
  target?: string;
  limit?: number;
  format?: string;
}

/** `2025-03-01 14:05` in UTC: sortable, and the same on every machine. */
function when(iso: string): string {
  return iso.replace("T", " ").slice(0, 16);
}

function findingsCell(s: ScanSummary): string {
  if (s.status === "running" || s.status === "queued") return s.status;
  if (s.status === "failed" || s.status === "cancelled") return `${s.status}: ${s.error ?? "unknown error"}`;
  const parts = SEVERITIES.filter((sev) => s.findings[sev] > 0).map((sev) => `${s.findings[sev]} ${sev}`);
  return parts.length ? `${s.findings.total} (${parts.join(", ")})` : "0";
}

export function renderHistoryTable(scans: ScanSummary[]): string {
  const header = ["DATE (UTC)", "SCAN ID", "TARGET", "GRADE", "SCORE", "FINDINGS"];
  const rows = scans.map((s) => [
    when(s.startedAt),
    s.id,
    // eslint-disable-next-line no-control-regex -- a stored target is text from the user; keep the table inert
    s.target.replace(/[\u0000-\u001f\u007f-\u009f]/g, ""),
    s.grade ?? "-",
    s.score === null ? "-" : String(s.score),
    findingsCell(s),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export function runHistory(flags: HistoryFlags, io: CliIO): void {
  const format = flags.format ?? "table";
  if (!(HISTORY_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${HISTORY_FORMATS.join(", ")} (got '${format}')`);
  }
  const store = openStore({ env: io.env });
  try {
    const query: { target?: string; limit: number } = { limit: flags.limit ?? 20 };
    if (flags.target) query.target = flags.target;
    const scans = store.list(query);
    if (format === "json") io.out(`${JSON.stringify(scans, null, 2)}\n`);
    else if (scans.length === 0) io.out(`No stored scans${flags.target ? ` for ${flags.target}` : ""} (database: ${store.path}).`);
    else io.out(renderHistoryTable(scans));
  } finally {
    store.close();
  }
}
