// The settings a scan request carries through the server (POST /api/scans, a monitor's stored settings).
import type { Depth, Mode, ScanContext } from "./types.js";

/** Identities are names of stored identities, never credentials. */
export interface ScanRequestSettings {
  mode?: Mode;
  depth?: Depth;
  context?: ScanContext;
  identities?: string[];
  checks?: string[];
  excludeChecks?: string[];
  budget?: number;
  rate?: number;
  concurrency?: number;
}
