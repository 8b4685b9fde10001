// `rampart baseline <report.json>`: accepts every finding of a report by writing ignore entries (with a
// reason, optionally an expiry) into .rampart.yml or another file, keeping what the file already holds.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InputError, UsageError } from "../../../core/errors.js";
import type { ScanReport } from "../../../core/types.js";
import { entriesFromReport, mergeBaselineYaml } from "../../../config/baseline-file.js";
import { validateReport } from "../../../report/validate.js";
import type { CliIO } from "../command.js";

export interface BaselineFlags {
  output: string;
  reason?: string;
  expires?: string;
}

function readReport(file: string): ScanReport {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(`cannot read ${file} as a JSON report (${e instanceof SyntaxError ? "not JSON" : "unreadable"}); use rampart scan --format json`);
  }
  const problems = validateReport(data);
  if (problems.length) throw new InputError(`${file} is not a Rampart JSON report: ${problems.slice(0, 2).join("; ")}`);
  return data as ScanReport;
}

export function runBaseline(reportFile: string, flags: BaselineFlags, io: CliIO): void {
  const report = readReport(path.resolve(io.cwd, reportFile));
  const target = path.resolve(io.cwd, flags.output);
  let existing: string | null = null;
  if (existsSync(target)) {
    try {
      existing = readFileSync(target, "utf8");
    } catch {
      throw new InputError(`cannot read ${flags.output}`);
    }
  }
  const entries = entriesFromReport(report, { ...(flags.reason ? { reason: flags.reason } : {}), ...(flags.expires ? { expires: flags.expires } : {}) });
  const { text, added } = mergeBaselineYaml(existing, entries, flags.output);
  if (added > 0 || existing === null) {
    try {
      writeFileSync(target, text);
    } catch {
      throw new UsageError(`cannot write ${flags.output}`);
    }
  }
  const already = entries.length - added;
  io.out(`${added} finding${added === 1 ? "" : "s"} added to ${flags.output}${already ? ` (${already} already listed)` : ""}; they no longer count toward score or gate`);
}
