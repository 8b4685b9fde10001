// Row shapes of the token, triage and identity tables and their mapping to records, shared by the SQLite
// and PostgreSQL backends so both read the same columns into the same records (scans: scan-rows.ts).
import type { SealedIdentityRow } from "./contract.js";
import type { TokenRecord } from "./tokens.js";
import type { TriageRecord } from "./triage.js";

export interface TokenRow {
  id: string;
  name: string;
  role: TokenRecord["role"];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const TOKEN_COLUMNS = "id, name, role, created_at, last_used_at, revoked_at";

export function tokenRecord(r: TokenRow): TokenRecord {
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at };
}

export interface TriageRow {
  target_key: string;
  finding_id: string;
  status: TriageRecord["status"];
  reason: string;
  expires: string | null;
  check_id: string | null;
  updated_at: string;
  updated_by: string | null;
}

export function triageRecord(r: TriageRow): TriageRecord {
  return {
    target: r.target_key,
    findingId: r.finding_id,
    status: r.status,
    reason: r.reason,
    expires: r.expires,
    checkId: r.check_id,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export interface IdentityRow {
  target_key: string;
  label: string;
  summary: string;
  sealed: string;
  key_id: string;
  created_at: string;
  updated_at: string;
}

export function identityRecord(r: IdentityRow): SealedIdentityRow {
  return {
    targetKey: r.target_key,
    label: r.label,
    summary: r.summary,
    sealed: r.sealed,
    keyId: r.key_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
