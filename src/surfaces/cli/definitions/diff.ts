// `rampart diff`: its flags and help; ../commands/diff.ts compares the stored scans.
import { DIFF_FORMATS } from "../../../diff/formats.js";
import type { CliCommand } from "../command.js";
import type { DiffFlags } from "../commands/diff.js";
import { severityFlag } from "../parse.js";

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
      .action(async (scanA: string | undefined, scanB: string | undefined, flags: DiffFlags) => {
        const { runDiff } = await import("../commands/diff.js");
        runDiff(scanA, scanB, flags, io);
      });
  },
};
