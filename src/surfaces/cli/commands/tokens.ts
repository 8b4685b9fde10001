// `rampart tokens create|list|revoke`: API tokens of `rampart serve`, in the same store.
import { UsageError } from "../../../core/errors.js";
import { isRole, ROLES, TokenService } from "../../../server/tokens.js";
import { openRampartStore } from "../../../store/index.js";
import type { CliIO } from "../command.js";

export interface TokenStoreFlag {
  store?: string;
}

async function withTokens<T>(flags: TokenStoreFlag, io: CliIO, fn: (tokens: TokenService) => Promise<T>): Promise<T> {
  const store = await openRampartStore({ store: flags.store, env: io.env, postgres: { max: 1, reap: false } });
  try {
    return await fn(new TokenService(store));
  } finally {
    await store.close();
  }
}

const when = (iso: string | null): string => (iso ? iso.slice(0, 16).replace("T", " ") : "never");

export async function runTokensCreate(flags: TokenStoreFlag & { role: string; name?: string }, io: CliIO): Promise<void> {
  if (!isRole(flags.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")} (got '${flags.role}')`);
  const role = flags.role;
  await withTokens(flags, io, async (t) => {
    const made = await t.create(role, flags.name);
    io.out(made.token);
    io.err(`created ${made.record.role} token ${made.record.id} (${made.record.name}); it is shown only this once`);
  });
}

export async function runTokensList(flags: TokenStoreFlag & { format?: string }, io: CliIO): Promise<void> {
  if (flags.format && flags.format !== "table" && flags.format !== "json") {
    throw new UsageError(`--format must be table or json (got '${flags.format}')`);
  }
  await withTokens(flags, io, async (t) => {
    const list = await t.table.list();
    if (flags.format === "json") return io.out(JSON.stringify(list, null, 2));
    if (list.length === 0) return io.out("No live tokens. `rampart serve` creates an admin token on first start.");
    const rows = [["ID", "ROLE", "CREATED (UTC)", "LAST USED", "NAME"], ...list.map((r) => [r.id, r.role, when(r.createdAt), when(r.lastUsedAt), r.name])];
    const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    io.out(rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")).join("\n"));
  });
}

export async function runTokensRevoke(id: string, flags: TokenStoreFlag, io: CliIO): Promise<void> {
  await withTokens(flags, io, async (t) => {
    const revoked = await t.table.revoke(id.trim());
    if (!revoked) throw new UsageError(`no live token has id '${id}'`);
    io.out(`revoked ${revoked.role} token ${revoked.id} (${revoked.name})`);
  });
}
