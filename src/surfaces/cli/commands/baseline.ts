// `rampart baseline <report.json>`: accepts every finding of a report by writing ignore entries (with a
// reason, optionally an expiry) into .rampart.yml or another file, keeping what the file already holds.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InputError, UsageError } from "../../../core/errors.js";
import type { ScanReport } from "../../../core/types.js";
import { entriesFromReport, mergeBaselineYaml } from "../../../config/baseline-file.js";
import { validateReport } from "../../../report/validate.js";
import type { CliCommand } from "../command.js";

interface BaselineFlags {
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

function expiresFlag(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`--expires must be a date like 2027-01-31 (got '${value}')`);
  }
  return value;
}

export const baselineCommand: CliCommand = {
  name: "baseline",
  register(program, io) {
    program
      .command("baseline")
      .description("accept the findings of a JSON report: write them as ignore entries (with a reason) to .rampart.yml")
      .argument("<report.json>", "a report from rampart scan --format json")
      .option("-o, --output <file>", "file to add the entries to (created if missing; other settings kept)", ".rampart.yml")
      .option("--reason <text>", "why these findings are accepted (default: names the scan and its date)")
      .option("--expires <date>", "entries stop suppressing after this day, e.g. 2027-01-31", expiresFlag)
      .addHelpText(
        "after",
        `
Examples:
  rampart scan http://127.0.0.1:8000 --format json -o report.json
  rampart baseline report.json --reason "known issues, tracked in SEC-42" --expires 2027-01-31
  rampart scan http://127.0.0.1:8000 --fail-on high     # only new findings fail the gate now`,
      )
      .action((reportFile: string, flags: BaselineFlags) => {
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
      });
  },
};
