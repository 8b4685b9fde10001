// The API inventory a report records (report.extras.inventory): the operations scanned and a hash of the
// API description, so monitors can tell when operations appear or vanish and when the spec changed.
import { createHash } from "node:crypto";
import type { ApiModel, Operation } from "../core/types.js";

/** Operation keys kept in a report; a larger API is still hashed whole. */
const MAX_LISTED = 2000;

export interface InventoryExtra {
  operations: string[];
  operationCount: number;
  specHash: string | null;
}

export function inventoryExtra(api: ApiModel | null, operations: readonly Operation[]): InventoryExtra {
  const keys = [...new Set(operations.map((o) => o.key))].sort();
  // The description without where it was fetched from or what the loader worked around.
  const specHash = api
    ? createHash("sha256").update(JSON.stringify({ ...api, source: undefined, warnings: undefined })).digest("hex")
    : null;
  return { operations: keys.slice(0, MAX_LISTED), operationCount: keys.length, specHash };
}
