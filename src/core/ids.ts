// Stable identifiers: finding ids survive re-runs (baselines, diffs); scan ids sort by time.
import { createHash, randomBytes } from "node:crypto";

export function stableId(...parts: (string | null | undefined)[]): string {
  return createHash("sha256").update(parts.map((p) => p ?? "").join("\u0000")).digest("hex").slice(0, 16);
}

/** Lexicographically sortable by creation time (ms), then random. */
export function newScanId(now: Date = new Date()): string {
  return `${now.getTime().toString(36).padStart(9, "0")}-${randomBytes(5).toString("hex")}`;
}
