// References shared by the object-level authorization checks (OWASP API1:2023).
import type { References } from "../../core/types.js";

export function bolaRefs(cwe: number[]): References {
  return { owaspApi2023: ["API1"], owaspTop10_2021: ["A01"], cwe, pciDss4: ["7.2.1"], soc2: ["CC6.1", "CC6.3"], hipaa: ["164.312(a)(1)"] };
}
