// References shared by the transport-hygiene checks (OWASP A02:2021, API8:2023; PCI DSS 4.2.1; SOC 2 CC6.7; HIPAA 164.312(e)).
import type { References } from "../../../core/types.js";

export function transportRefs(cwe: number[]): References {
  return {
    owaspApi2023: ["API8"],
    owaspTop10_2021: ["A02"],
    cwe,
    pciDss4: ["4.2.1"],
    soc2: ["CC6.1", "CC6.7"],
    hipaa: ["164.312(e)(1)"],
  };
}

/** Response header value (lower-case name), or undefined. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  return headers[name];
}

export function isHttps(url: string): boolean {
  return /^https:/i.test(url);
}

export function isHttp(url: string): boolean {
  return /^http:/i.test(url);
}
