// `rampart store migrate|copy`: flags and help; ../commands/store.ts does the work.
import type { CliCommand } from "../command.js";

export const storeCommand: CliCommand = {
  name: "store",
  register(program, io) {
    const store = program.command("store").description("migrate a store, or copy a SQLite history into PostgreSQL");
    store
      .command("migrate")
      .description("create or update the schema of a store (servers also do this when they start)")
      .option("--store <file|url>", "SQLite file or postgres:// URL (default: RAMPART_STORE, else the file `rampart history` uses)")
      .action(async (flags: { store?: string }) => {
        const { runStoreMigrate } = await import("../commands/store.js");
        await runStoreMigrate(flags, io);
      });
    store
      .command("copy")
      .description("copy scans, tokens, triage, sealed identities and events; rows already there are skipped")
      .requiredOption("--from <file|url>", "the store to read (e.g. ~/.local/share/rampart/rampart.db)")
      .requiredOption("--to <file|url>", "the store to write (e.g. postgres://rampart@db.internal/rampart)")
      .addHelpText(
        "after",
        `
Run it again at any time: it only adds what is missing and prints per-table counts.

Example:
  rampart store copy --from ~/.local/share/rampart/rampart.db --to postgres://rampart@db.internal/rampart`,
      )
      .action(async (flags: { from: string; to: string }) => {
        const { runStoreCopy } = await import("../commands/store.js");
        await runStoreCopy(flags, io);
      });
  },
};
