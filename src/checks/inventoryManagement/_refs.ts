// References shared by the inventory checks (OWASP API9:2023 improper inventory management).
import type { References } from "../../core/types.js";

export function inventoryRefs(cwe: number[], extra: Partial<References> = {}): References {
  return { owaspApi2023: ["API9"], owaspTop10_2021: ["A05"], cwe, soc2: ["CC7.1"], ...extra };
}
