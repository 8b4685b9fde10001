// API tokens: 32 random bytes, shown once, stored as SHA-256 (a high-entropy secret needs no slow hash);
// roles are ordered viewer < operator < admin.
import { createHash, randomBytes } from "node:crypto";
import { InputError } from "../core/errors.js";
import { asRampartStore, ROLES, type RampartStore, type Role, type ScanStore, type TokenRecord, type TokenRepository } from "../store/index.js";

export { ROLES, type Role, type TokenRecord };

/** Prefix so a leaked token is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = "rmp_";
/** RAMPART_ADMIN_TOKEN must be at least this long: it guards the whole server. */
export const MIN_TOKEN_LENGTH = 24;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export interface CreatedToken {
  record: TokenRecord;
  /** The secret itself: shown once, never stored. */
  token: string;
}

export class TokenService {
  readonly table: TokenRepository;
  constructor(store: RampartStore | ScanStore) {
    this.table = asRampartStore(store).tokens;
  }

  async create(role: Role, name?: string, token: string = newToken()): Promise<CreatedToken> {
    const label = name?.trim() || `${role} token`;
    if (label.length > 100) throw new InputError("name must be at most 100 characters");
    const record = await this.table.insert({ id: `tok_${randomBytes(6).toString("hex")}`, name: label, role, hash: hashToken(token) });
    return { record, token };
  }

  /** The live token a bearer value names, or null. */
  async verify(bearer: string): Promise<TokenRecord | null> {
    if (!bearer) return null;
    const record = await this.table.byHash(hashToken(bearer));
    if (record) await this.table.touch(record.id);
    return record;
  }

  /**
   * First start: when no token was ever made, create an admin token — RAMPART_ADMIN_TOKEN when set (for
   * automation; then nothing is printed), otherwise a fresh one returned for printing once.
   */
  async bootstrap(envToken: string | undefined): Promise<{ created: false } | { created: true; token: string | null; record: TokenRecord }> {
    if ((await this.table.total()) > 0) return { created: false };
    const given = envToken?.trim();
    if (given) {
      if (given.length < MIN_TOKEN_LENGTH) {
        throw new InputError(`RAMPART_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (use e.g. \`openssl rand -hex 32\`)`);
      }
      return { created: true, token: null, record: (await this.create("admin", "initial admin (RAMPART_ADMIN_TOKEN)", given)).record };
    }
    const made = await this.create("admin", "initial admin");
    return { created: true, token: made.token, record: made.record };
  }
}
