// `rampart diff`: compares two stored scans; with --fail-on it gates CI on regressions (exit 1).
import { UsageError } from "../../../core/errors.js";
import type { Severity } from "../../../core/types.js";
import { DIFF_FORMATS, diffRegressions, diffReports, renderDiff } from "../../../diff/index.js";
import type { DiffFormat } from "../../../diff/index.js";
import { openStore, resolveDiffPair } from "../../../store/index.js";
import type { CliIO } from "../command.js";

export interface DiffFlags {
  target?: string;
  failOn?: Severity;
  format?: string;
}

export function runDiff(scanA: string | undefined, scanB: string | undefined, flags: DiffFlags, io: CliIO): void {
  const format = (flags.format ?? "text") as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(", ")} (got '${format}')`);
  if (flags.target && (scanA || scanB)) throw new UsageError("give two scan ids or --target, not both");
  if (!flags.target && !(scanA && scanB)) throw new UsageError("give two scan ids (earlier, later) or --target <url>");
  const store = openStore({ env: io.env });
  let pair;
  try {
    pair = resolveDiffPair(store, flags.target ? { target: flags.target } : { base: scanA, head: scanB });
  } finally {
    store.close();
  }
  const diff = diffReports(...pair);
  io.out(renderDiff(diff, format, { color: io.color }));
  if (flags.failOn) {
    const regressions = diffRegressions(diff, flags.failOn);
    if (regressions.length > 0) {
      io.err(`rampart: diff gate failed: ${regressions.length} new finding(s) at or above ${flags.failOn}`);
      io.setExitCode(1);
    }
  }
}
