// `rampart baseline <report.json>`: its flags and help; ../commands/baseline.ts writes the ignore entries.
import { UsageError } from "../../../core/errors.js";
import type { CliCommand } from "../command.js";
import type { BaselineFlags } from "../commands/baseline.js";

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
      .action(async (reportFile: string, flags: BaselineFlags) => {
        const { runBaseline } = await import("../commands/baseline.js");
        runBaseline(reportFile, flags, io);
      });
  },
};
