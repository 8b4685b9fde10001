// `rampart tokens create|list|revoke`: flags and help; ../commands/tokens.ts does the work.
import type { Command } from "commander";
import type { CliCommand } from "../command.js";
import type { TokenStoreFlag } from "../commands/tokens.js";

const ROLE_HELP = "viewer (read) | operator (scan, triage) | admin (tokens, settings)";

function storeOption(cmd: Command): Command {
  return cmd.option("--store <file|url>", "SQLite file or postgres:// URL (default: RAMPART_STORE, else the file `rampart serve` uses)");
}

export const tokensCommand: CliCommand = {
  name: "tokens",
  register(program, io) {
    const tokens = program.command("tokens").description("create, list and revoke API tokens of `rampart serve`");
    storeOption(tokens.command("create").description("create a token and print it once"))
      .requiredOption("--role <role>", ROLE_HELP)
      .option("--name <name>", "what the token is for, e.g. ci")
      .action(async (flags: TokenStoreFlag & { role: string; name?: string }) => {
        const { runTokensCreate } = await import("../commands/tokens.js");
        await runTokensCreate(flags, io);
      });
    storeOption(tokens.command("list").description("list live tokens (never their secrets)"))
      .option("--format <format>", "table | json (default table)")
      .action(async (flags: TokenStoreFlag & { format?: string }) => {
        const { runTokensList } = await import("../commands/tokens.js");
        await runTokensList(flags, io);
      });
    storeOption(tokens.command("revoke").description("revoke a token by id").argument("<id>", "token id from `rampart tokens list`")).action(
      async (id: string, flags: TokenStoreFlag) => {
        const { runTokensRevoke } = await import("../commands/tokens.js");
        await runTokensRevoke(id, flags, io);
      },
    );
  },
};
