// Inventory drift: operations that appeared or vanished between two runs, and whether the API description
// changed. Reads report.extras.inventory, which the engine writes (src/engine/inventory.ts).
import type { ScanReport } from "../core/types.js";

export interface InventoryDigest {
  /** `GET /users/{id}` keys, sorted. */
  operations: string[];
  /** Total before the list was bounded. */
  operationCount: number;
  /** SHA-256 of the normalised API description; null without one. */
  specHash: string | null;
}

export interface InventoryDrift {
  added: string[];
  removed: string[];
  specChanged: boolean;
  specHashFrom: string | null;
  specHashTo: string | null;
}

export function inventoryOf(report: ScanReport): InventoryDigest | null {
  const inv = report.extras?.["inventory"] as Partial<InventoryDigest> | undefined;
  if (!inv || !Array.isArray(inv.operations)) return null;
  return { operations: inv.operations, operationCount: inv.operationCount ?? inv.operations.length, specHash: inv.specHash ?? null };
}

/** Null when either report has no inventory, or nothing changed. */
export function inventoryDrift(previous: ScanReport, current: ScanReport): InventoryDrift | null {
  const a = inventoryOf(previous);
  const b = inventoryOf(current);
  if (!a || !b) return null;
  const before = new Set(a.operations);
  const after = new Set(b.operations);
  const added = b.operations.filter((o) => !before.has(o));
  const removed = a.operations.filter((o) => !after.has(o));
  const specChanged = a.specHash !== b.specHash;
  if (added.length === 0 && removed.length === 0 && !specChanged) return null;
  return { added, removed, specChanged, specHashFrom: a.specHash, specHashTo: b.specHash };
}
