// Reference sets shared by the authentication checks (OWASP API2:2023 broken authentication).
import type { References } from "../../core/types.js";

export function authRefs(cwe: number[], extra: Partial<References> = {}): References {
  return { owaspApi2023: ["API2"], owaspTop10_2021: ["A07"], cwe, pciDss4: ["8.3.1"], soc2: ["CC6.1"], hipaa: ["164.312(d)"], ...extra };
}

/** JWT-specific references (token validation, key management). */
export function jwtRefs(cwe: number[]): References {
  return authRefs(cwe, { owaspTop10_2021: ["A02", "A07"] });
}
