// `rampart probes`: its flags and help; ../commands/probes.ts lists the LLM probe catalog.
import type { CliCommand } from "../command.js";
import type { ProbesFlags } from "../commands/probes.js";
import { depthFlag } from "../parse.js";

export const probesCommand: CliCommand = {
  name: "probes",
  register(program, io) {
    program
      .command("probes")
      .description("list the LLM probe catalog: id, family, tier, the check each probe feeds, how success is judged")
      .option("--tier <depth>", "only the probes a depth runs: quick | standard | deep", depthFlag)
      .option("--format <format>", "table | json (default table)")
      .addHelpText("after", "\nExamples:\n  rampart probes\n  rampart probes --tier quick\n  rampart probes --format json")
      .action(async (flags: ProbesFlags) => {
        const { runProbes } = await import("../commands/probes.js");
        runProbes(flags, io);
      });
  },
};
