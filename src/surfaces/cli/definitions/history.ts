// `rampart history`: its flags and help; ../commands/history.ts reads the local scan history.
import type { CliCommand } from "../command.js";
import type { HistoryFlags } from "../commands/history.js";
import { intFlag } from "../parse.js";

export const HISTORY_FORMATS = ["table", "json"] as const;

export const historyCommand: CliCommand = {
  name: "history",
  register(program, io) {
    program
      .command("history")
      .description("list stored scans, newest first")
      .option("--target <url>", "only scans of this target")
      .option("--limit <n>", "how many scans (default 20)", intFlag("--limit", 1, 10_000))
      .option("--format <format>", `output format: ${HISTORY_FORMATS.join(" | ")} (default table)`)
      .action(async (flags: HistoryFlags) => {
        const { runHistory } = await import("../commands/history.js");
        runHistory(flags, io);
      });
  },
};
