// Sortable unique scan ids for rows begun before the engine has assigned one: time first, then randomness.
import { randomBytes } from "node:crypto";

export function newScanId(now: number = Date.now()): string {
  const time = now.toString(36).padStart(9, "0");
  const rand = randomBytes(8).toString("hex").slice(0, 10);
  return `${time}${rand}`;
}
