// `rampart results <scanId>`: re-renders a stored scan in any report format.
import { writeFileSync } from "node:fs";
import { InputError, UsageError } from "../../../core/errors.js";
import type { Format } from "../../../report/renderers/index.js";
import { openStore } from "../../../store/index.js";
import { parseOutputFormats, render, writePdf } from "../../report-files.js";
import type { ScanReport } from "../../../core/types.js";
import type { CliIO } from "../command.js";

export interface ResultsFlags {
  format?: string;
  output?: string;
}

export async function runResults(scanId: string, flags: ResultsFlags, io: CliIO): Promise<void> {
  const formats = parseOutputFormats(flags.format);
  if (formats.length !== 1) throw new UsageError("rampart results takes one --format");
  const format = formats[0] ?? "summary";
  if (format === "pdf" && !flags.output) throw new UsageError("--format pdf writes a file: add -o report.pdf");
  const store = openStore({ env: io.env });
  let report: ScanReport;
  try {
    const stored = store.get(scanId);
    if (!stored) throw new InputError(`no stored scan matches '${scanId}' (see rampart history)`);
    if (!stored.report) {
      throw new InputError(`scan ${stored.id} ${stored.status}${stored.error ? `: ${stored.error}` : ""}; it has no report`);
    }
    report = stored.report;
  } finally {
    store.close();
  }
  if (format === "pdf") {
    await writePdf(report, flags.output ?? "report.pdf", { baseDir: io.cwd });
    return;
  }
  // SARIF locations are relative to the working directory, as for `rampart scan`.
  const text = render(report, format as Format, { baseDir: io.cwd, color: io.color && !flags.output && format === "summary" });
  if (flags.output) {
    try {
      writeFileSync(flags.output, text);
    } catch {
      throw new UsageError(`cannot write --output ${flags.output}`);
    }
  } else io.out(text);
}
