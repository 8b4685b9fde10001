// Public surface of the scan store.
export { openStore, pidAlive, ScanStore, INTERRUPTED_MESSAGE } from "./store.js";
export { SCAN_STATUSES } from "./store.js";
export type { BeginScanInput, ListInput, OpenStoreOptions, ScanStatus, ScanSummary, StoredScan, TargetSummary } from "./store.js";
export { dataDir, defaultDbPath, DB_FILE_NAME } from "./paths.js";
export { MIGRATIONS, SCHEMA_VERSION, migrate } from "./migrations.js";
export type { Migration } from "./migrations.js";
export { collectSecrets, redactAuthValue, sanitizeOptions, scrubSecrets } from "./redact.js";
export { targetKey } from "./target.js";
export { resolveDiffPair } from "./pair.js";
export type { DiffPairInput } from "./pair.js";
export { recordScan } from "./record.js";
export type { RecordScanOptions } from "./record.js";
export { ROLES, TokenTable } from "./tokens.js";
export type { Role, TokenRecord } from "./tokens.js";
export { TRIAGE_STATES, TriageTable, mergeBaselines, toIgnoreEntry } from "./triage.js";
export type { TriageInput, TriageRecord, TriageState } from "./triage.js";
export { COPY_TABLES, COPY_TABLE_NAMES } from "./contract.js";
export type {
  CopySpec,
  CopyTable,
  EventRepository,
  IdentityRepository,
  MonitorRepository,
  PortableRow,
  RampartStore,
  ScanRepository,
  SealedIdentityRow,
  StoreKind,
  TokenRepository,
  TriageRepository,
  WebhookRepository,
} from "./contract.js";
export { SqliteBackend, asRampartStore, openSqliteBackend, sqliteIdentityRows, sqliteMonitorRepository, sqliteWebhookRepository } from "./sqlite-backend.js";
export { openRampartStore, storeLocation } from "./open.js";
export type { OpenRampartStoreOptions } from "./open.js";
export { triageBaseline } from "./triage.js";
