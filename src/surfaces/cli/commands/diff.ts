// `rampart diff`: compares two stored scans; with --fail-on it gates CI on regressions (exit 1).
import { UsageError } from "../../../core/errors.js";
import type { Severity } from "../../../core/types.js";
import { DIFF_FORMATS, diffRegressions, diffReports, renderDiff } from "../../../diff/index.js";
import type { DiffFormat } from "../../../diff/index.js";
import { openStore, resolveDiffPair } from "../../../store/index.js";
import type { CliCommand } from "../command.js";
import { severityFlag } from "../parse.js";

interface DiffFlags {
  target?: string;
  failOn?: Severity;
  format?: string;
}

export const diffCommand: CliCommand = {
  name: "diff",
  register(program, io) {
    program
      .command("diff")
      .description("compare two stored scans: new, resolved and changed findings, score and grade drift")
      .argument("[scanA]", "earlier scan id (or unique prefix)")
      .argument("[scanB]", "later scan id (or unique prefix)")
      .option("--target <url>", "compare the latest two completed scans of this target instead")
      .option("--fail-on <severity>", "exit 1 when a finding at or above this severity is new (or rose to it)", severityFlag)
      .option("--format <format>", `output format: ${DIFF_FORMATS.join(" | ")} (default text)`)
      .addHelpText(
        "after",
        `
Examples:
  rampart diff 0mx0agf6p 0mx0agfte          (ids or unique prefixes, earlier first)
  rampart diff --target http://127.0.0.1:8000 --fail-on high`,
      )
      .action((scanA: string | undefined, scanB: string | undefined, flags: DiffFlags) => {
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
      });
  },
};
