// References shared by the property-level authorization checks (OWASP API3:2023).
import type { References } from "../../core/types.js";

export function propertyRefs(cwe: number[]): References {
  return { owaspApi2023: ["API3"], owaspTop10_2021: ["A01", "A04"], cwe, pciDss4: ["7.2.1"], soc2: ["CC6.1"], hipaa: ["164.312(a)(1)"] };
}
