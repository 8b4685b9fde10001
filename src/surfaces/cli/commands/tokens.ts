// `rampart tokens create|list|revoke`: API tokens of `rampart serve`, in the same store.
import type { Command } from "commander";
import { UsageError } from "../../../core/errors.js";
import { isRole, ROLES, TokenService } from "../../../server/tokens.js";
import { openStore, type ScanStore } from "../../../store/index.js";
import type { CliCommand, CliIO } from "../command.js";

interface StoreFlag {
  store?: string;
}

function withTokens<T>(flags: StoreFlag, io: CliIO, fn: (tokens: TokenService, store: ScanStore) => T): T {
  const store = openStore(flags.store ? { path: flags.store } : { env: io.env });
  try {
    return fn(new TokenService(store), store);
  } finally {
    store.close();
  }
}

function storeOption(cmd: Command): Command {
  return cmd.option("--store <file>", "SQLite scan database (default: the one `rampart serve` uses)");
}

export const tokensCommand: CliCommand = {
  name: "tokens",
  register(program, io) {
    const tokens = program.command("tokens").description("create, list and revoke API tokens of `rampart serve`");
    storeOption(tokens.command("create").description("create a token and print it once"))
      .requiredOption("--role <role>", `${ROLES.join(" | ")}: read; scan and triage; tokens and settings`)
      .option("--name <name>", "what the token is for, e.g. ci")
      .action((flags: StoreFlag & { role: string; name?: string }) => {
        if (!isRole(flags.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")} (got '${flags.role}')`);
        const role = flags.role;
        withTokens(flags, io, (t) => {
          const made = t.create(role, flags.name);
          io.out(made.token);
          io.err(`created ${made.record.role} token ${made.record.id} (${made.record.name}); it is shown only this once`);
        });
      });
    storeOption(tokens.command("list").description("list live tokens (never their secrets)"))
      .option("--format <format>", "table | json (default table)")
      .action((flags: StoreFlag & { format?: string }) => {
        withTokens(flags, io, (t) => {
          const list = t.table.list();
          if (flags.format === "json") return io.out(JSON.stringify(list, null, 2));
          if (flags.format && flags.format !== "table") throw new UsageError(`--format must be table or json (got '${flags.format}')`);
          if (list.length === 0) return io.out("No live tokens. `rampart serve` creates an admin token on first start.");
          const rows = [["ID", "ROLE", "CREATED (UTC)", "LAST USED", "NAME"], ...list.map((r) => [r.id, r.role, r.createdAt.slice(0, 16).replace("T", " "), r.lastUsedAt?.slice(0, 16).replace("T", " ") ?? "never", r.name])];
          const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
          io.out(rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")).join("\n"));
        });
      });
    storeOption(tokens.command("revoke").description("revoke a token by id").argument("<id>", "token id from `rampart tokens list`")).action(
      (id: string, flags: StoreFlag) => {
        withTokens(flags, io, (t) => {
          const revoked = t.table.revoke(id.trim());
          if (!revoked) throw new UsageError(`no live token has id '${id}'`);
          io.out(`revoked ${revoked.role} token ${revoked.id} (${revoked.name})`);
        });
      },
    );
  },
};
