// References shared by the function-level authorization checks (OWASP API5:2023).
import type { References } from "../../core/types.js";

export function bflaRefs(cwe: number[]): References {
  return { owaspApi2023: ["API5"], owaspTop10_2021: ["A01"], cwe, pciDss4: ["7.2.2"], soc2: ["CC6.1", "CC6.3"], hipaa: ["164.312(a)(1)"] };
}
