// `rampart results <scanId>`: re-renders a stored scan in any report format.
import { writeFileSync } from "node:fs";
import { InputError, UsageError } from "../../../core/errors.js";
import { FORMATS, isFormat } from "../../../report/renderers/index.js";
import { openStore } from "../../../store/index.js";
import { render } from "../../report-files.js";
import type { CliCommand } from "../command.js";

interface ResultsFlags {
  format?: string;
  output?: string;
}

export const resultsCommand: CliCommand = {
  name: "results",
  register(program, io) {
    program
      .command("results")
      .description("show a stored scan again, in any report format")
      .argument("<scanId>", "scan id or a unique prefix (see rampart history)")
      .option("--format <format>", `output format: ${FORMATS.join(" | ")} (default summary)`)
      .option("-o, --output <file>", "write the report to a file instead of stdout")
      .action((scanId: string, flags: ResultsFlags) => {
        const format = flags.format ?? "summary";
        if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got '${format}')`);
        const store = openStore({ env: io.env });
        let text: string;
        try {
          const stored = store.get(scanId);
          if (!stored) throw new InputError(`no stored scan matches '${scanId}' (see rampart history)`);
          if (!stored.report) {
            throw new InputError(`scan ${stored.id} ${stored.status}${stored.error ? `: ${stored.error}` : ""}; it has no report`);
          }
          // SARIF locations are relative to the working directory, as for `rampart scan`.
          text = render(stored.report, format, { baseDir: io.cwd, color: io.color && !flags.output && format === "summary" });
        } finally {
          store.close();
        }
        if (flags.output) {
          try {
            writeFileSync(flags.output, text);
          } catch {
            throw new UsageError(`cannot write --output ${flags.output}`);
          }
        } else io.out(text);
      });
  },
};
