// API token rows: only the SHA-256 of each token is stored, so a copy of the database grants nothing.
import type { ScanStore } from "./store.js";
import { TOKEN_COLUMNS, tokenRecord, type TokenRow } from "./rows.js";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class TokenTable {
  constructor(private readonly store: ScanStore) {}

  insert(input: { id: string; name: string; role: Role; hash: string }): TokenRecord {
    const now = new Date().toISOString();
    this.store.db
      .prepare("INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(input.id, input.name, input.role, input.hash, now);
    return { id: input.id, name: input.name, role: input.role, createdAt: now, lastUsedAt: null, revokedAt: null };
  }

  /** The live (not revoked) token with this hash. */
  byHash(hash: string): TokenRecord | null {
    const row = this.store.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`).get(hash) as
      | TokenRow
      | undefined;
    return row ? tokenRecord(row) : null;
  }

  /** Records use at most once a minute per token, so reads do not turn into a write each. */
  touch(id: string, now = new Date()): void {
    const cutoff = new Date(now.getTime() - 60_000).toISOString();
    this.store.db
      .prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
      .run(now.toISOString(), id, cutoff);
  }

  list(includeRevoked = false, page: { limit?: number; offset?: number } = {}): TokenRecord[] {
    const where = includeRevoked ? "" : "WHERE revoked_at IS NULL";
    return (
      this.store.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ${where} ORDER BY created_at, id LIMIT ? OFFSET ?`).all(page.limit ?? -1, page.offset ?? 0) as TokenRow[]
    ).map(tokenRecord);
  }

  /** Live tokens (not revoked). */
  liveCount(): number {
    return (this.store.db.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL").get() as { n: number }).n;
  }

  /** Every token ever made, revoked ones included (first start creates an admin token only on an empty table). */
  total(): number {
    return (this.store.db.prepare("SELECT COUNT(*) AS n FROM api_tokens").get() as { n: number }).n;
  }

  /** Revokes by id (or unique id prefix); returns the revoked record, null when nothing live matches. */
  revoke(id: string): TokenRecord | null {
    const row = this.store.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = ? AND revoked_at IS NULL`).get(id) as TokenRow | undefined;
    if (!row) return null;
    const now = new Date().toISOString();
    this.store.db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ?").run(now, id);
    return { ...tokenRecord(row), revokedAt: now };
  }
}
