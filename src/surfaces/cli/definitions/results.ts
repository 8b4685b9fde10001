// `rampart results <scanId>`: its flags and help; ../commands/results.ts re-renders the stored scan.
import { FORMATS } from "../../../report/renderers/formats.js";
import type { CliCommand } from "../command.js";
import type { ResultsFlags } from "../commands/results.js";

export const resultsCommand: CliCommand = {
  name: "results",
  register(program, io) {
    program
      .command("results")
      .description("show a stored scan again, in any report format")
      .argument("<scanId>", "scan id or a unique prefix (see rampart history)")
      .option("--format <format>", `output format: ${FORMATS.join(" | ")} | pdf (default summary; pdf needs -o)`)
      .option("-o, --output <file>", "write the report to a file instead of stdout")
      .addHelpText(
        "after",
        `
Examples:
  rampart results 0mx98j4m                           the summary again
  rampart results 0mx98j4m --format sarif -o scan.sarif
  rampart results 0mx98j4m --format pdf -o report.pdf   a document for an auditor`,
      )
      .action(async (scanId: string, flags: ResultsFlags) => {
        const { runResults } = await import("../commands/results.js");
        await runResults(scanId, flags, io);
      });
  },
};
