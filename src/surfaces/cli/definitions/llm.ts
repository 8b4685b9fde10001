// `rampart llm <url>`: its flags and help; ../commands/llm.ts runs the AI-endpoint scan.
import type { Command } from "commander";
import { SHAPE_IDS } from "../../../llm/shapes.js";
import type { CliCommand } from "../command.js";
import type { LlmFlags } from "../commands/llm.js";
import { collect, depthFlag, intFlag, severityFlag } from "../parse.js";

export const JUDGE_KEY_ENV = "RAMPART_LLM_JUDGE_KEY";

export const llmCommand: CliCommand = {
  name: "llm",
  register(program: Command, io) {
    program
      .command("llm")
      .description("test one AI (LLM) endpoint: prompt injection, system-prompt leaks, jailbreaks, exfiltration, tool abuse, cost")
      .argument("<url>", "full URL of the AI endpoint, e.g. http://127.0.0.1:8000/v1/chat/completions")
      .option("--shape <shape>", `request shape: ${SHAPE_IDS.join(" | ")} | field:<name> (default: learned from the endpoint)`)
      .option("--auth <credential>", "bearer:<token> | header:<Name>=<v> | … as for scan; values may be env:VAR (repeatable)", collect)
      .option("--depth <depth>", "quick (5 probes) | standard (20) | deep (60, multi-turn and translated)", depthFlag)
      .option("--pace <ms>", "delay between prompts in ms (default 500)", intFlag("--pace", 0, 60_000))
      .option("--format <format>", "summary | json | any scan format (default summary)")
      .option("-o, --output <file>", "write the report to a file")
      .option("--fail-on <severity>", "gate: exit 1 on any finding at or above this severity", severityFlag)
      .option("--budget <n>", "maximum requests (default 2000)", intFlag("--budget", 1, 1_000_000))
      .option("--timeout <ms>", "per-request timeout in ms (default 10000)", intFlag("--timeout", 100, 600_000))
      .option("--llm-judge <url>", `optional OpenAI-compatible model that reviews unmatched extraction replies (key from ${JUDGE_KEY_ENV}); sends prompts and replies there`)
      .option("--llm-judge-model <name>", "model name for --llm-judge (default gpt-4o-mini)")
      .addHelpText(
        "after",
        `
Examples:
  rampart llm http://127.0.0.1:8000/v1/chat/completions
  rampart llm http://127.0.0.1:8000/chat --shape message --auth bearer:env:API_TOKEN --depth deep
  rampart llm http://127.0.0.1:8000/ask --format json -o llm.json --fail-on high`,
      )
      .action(async (url: string, flags: LlmFlags) => {
        const { runLlm } = await import("../commands/llm.js");
        io.setExitCode(await runLlm(url, flags, io));
      });
  },
};
