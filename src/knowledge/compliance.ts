// Compliance references per category and per check: OWASP API Security Top 10 2023, OWASP Top 10 2021,
// CWE, PCI DSS 4.0 requirement, SOC 2 criterion, HIPAA 164.312 clause. A check row overrides its
// category's fields one by one. CWE → OWASP Top 10 2021 follows OWASP's published CWE mapping.
import { CATEGORY_IDS, type CategoryId, type References } from "../core/types.js";

export const CATEGORY_REFERENCES: Record<CategoryId, References> = {
  encryption: {
    owaspApi2023: ["API8"],
    owaspTop10_2021: ["A02"],
    cwe: [319],
    pciDss4: ["4.2.1"],
    soc2: ["CC6.1", "CC6.7"],
    hipaa: ["164.312(e)(1)"],
  },
  authentication: { owaspApi2023: ["API2"], owaspTop10_2021: ["A07"], cwe: [287], pciDss4: ["8.3.1"], soc2: ["CC6.1"], hipaa: ["164.312(d)"] },
  bolaAuthorization: { owaspApi2023: ["API1"], owaspTop10_2021: ["A01"], cwe: [639], pciDss4: ["7.2.1"], soc2: ["CC6.1", "CC6.3"], hipaa: ["164.312(a)(1)"] },
  bflaAuthorization: { owaspApi2023: ["API5"], owaspTop10_2021: ["A01"], cwe: [285], pciDss4: ["7.2.2"], soc2: ["CC6.1", "CC6.3"], hipaa: ["164.312(a)(1)"] },
  propertyAuthorization: { owaspApi2023: ["API3"], owaspTop10_2021: ["A01"], cwe: [213, 915], soc2: ["CC6.1"], hipaa: ["164.312(a)(1)"] },
  inputValidation: { owaspApi2023: ["API8"], owaspTop10_2021: ["A03", "A05"], cwe: [20], pciDss4: ["6.2.4"], soc2: ["CC7.1"] },
  rateLimiting: { owaspApi2023: ["API4"], owaspTop10_2021: ["A04"], cwe: [770], soc2: ["A1.1"] },
  dataExposure: { owaspApi2023: ["API3"], owaspTop10_2021: ["A01"], cwe: [200], pciDss4: ["3.4.1"], soc2: ["CC6.1", "C1.1"], hipaa: ["164.312(a)(1)"] },
  ssrf: { owaspApi2023: ["API7"], owaspTop10_2021: ["A10"], cwe: [918], pciDss4: ["6.2.4"], soc2: ["CC6.6"] },
  inventoryManagement: { owaspApi2023: ["API9"], owaspTop10_2021: ["A05"], cwe: [1059], pciDss4: ["6.3.2"] },
  unsafeConsumption: { owaspApi2023: ["API10"], owaspTop10_2021: ["A08"], cwe: [20] },
  llmSecurity: { owaspLlm2025: ["LLM01"], cwe: [1427] },
};

const TRANSIT_HIPAA = ["164.312(e)(1)", "164.312(e)(2)(ii)"];
const CERT = (cwe: number[]): References => ({ owaspTop10_2021: ["A02", "A07"], cwe, pciDss4: ["4.2.1"] });

/** Check rows (ids from the catalog). Only fields that differ from the category are listed. */
export const CHECK_REFERENCES: Record<string, References> = {
  "encryption.https-unavailable": { cwe: [319], hipaa: TRANSIT_HIPAA },
  "encryption.http-not-redirected": { cwe: [319] },
  "encryption.http-redirect-insecure": { cwe: [319] },
  "encryption.credentials-over-plaintext": {
    owaspApi2023: ["API2", "API8"],
    owaspTop10_2021: ["A02", "A07"],
    cwe: [319, 523],
    pciDss4: ["4.2.1", "8.3.2"],
    hipaa: [...TRANSIT_HIPAA, "164.312(d)"],
  },
  "encryption.hsts-missing": { owaspTop10_2021: ["A02", "A05"], cwe: [319, 523] },
  "encryption.hsts-weak": { owaspTop10_2021: ["A02", "A05"], cwe: [319, 523] },
  "encryption.tls-legacy-protocol": { cwe: [326, 327], hipaa: TRANSIT_HIPAA },
  "encryption.tls13-unsupported": { cwe: [326] },
  "encryption.tls-weak-cipher": { cwe: [326, 327], hipaa: TRANSIT_HIPAA },
  "encryption.tls-no-forward-secrecy": { cwe: [327] },
  "encryption.tls-weak-dh": { cwe: [326] },
  "encryption.cert-expired": CERT([295, 298]),
  "encryption.cert-not-yet-valid": CERT([295, 298]),
  "encryption.cert-expiring-soon": { cwe: [298], pciDss4: ["4.2.1", "4.2.1.1"] },
  "encryption.cert-untrusted": CERT([295, 296]),
  "encryption.cert-hostname-mismatch": CERT([297]),
  "encryption.cert-weak-key": { cwe: [326] },
  "encryption.cert-weak-signature": { cwe: [327, 328] },
  "encryption.cert-incomplete-chain": CERT([295, 296]),
  "encryption.cookie-insecure": { owaspTop10_2021: ["A05"], cwe: [614, 1004, 1275], pciDss4: ["6.2.4"], hipaa: [] },
  "encryption.mixed-content": { cwe: [319] },
  "encryption.key-material-exposed": {
    owaspApi2023: ["API3", "API8"],
    owaspTop10_2021: ["A01", "A02"],
    cwe: [200, 321, 522],
    pciDss4: ["3.6.1", "3.6.1.2"],
    soc2: ["CC6.1"],
    hipaa: ["164.312(a)(2)(iv)", "164.312(e)(2)(ii)"],
  },
  "encryption.db-dsn-exposed": {
    owaspApi2023: ["API3", "API8"],
    owaspTop10_2021: ["A01", "A04"],
    cwe: [200, 522],
    pciDss4: ["8.3.2", "8.6.2"],
    soc2: ["CC6.1"],
    hipaa: ["164.312(a)(1)", "164.312(d)"],
  },
  "encryption.db-dsn-insecure-sslmode": {
    owaspTop10_2021: ["A02", "A07"],
    cwe: [295, 319],
    pciDss4: ["4.2.1", "8.3.2"],
    hipaa: TRANSIT_HIPAA,
  },
  "encryption.db-plaintext-accepted": { cwe: [319], pciDss4: ["2.2.7", "4.2.1", "8.3.2"], hipaa: TRANSIT_HIPAA },
  "encryption.db-tls-unsupported": { cwe: [319], pciDss4: ["2.2.7", "4.2.1", "8.3.2"], hipaa: TRANSIT_HIPAA },
  "encryption.cockroach-insecure-mode": {
    owaspApi2023: ["API2", "API8"],
    owaspTop10_2021: ["A05", "A07"],
    cwe: [306, 319],
    pciDss4: ["2.2.2", "8.3.1"],
    soc2: ["CC6.1"],
    hipaa: ["164.312(d)", "164.312(e)(1)"],
  },
  "encryption.weak-password-hash-exposed": {
    owaspApi2023: ["API3"],
    owaspTop10_2021: ["A01", "A02"],
    cwe: [200, 328, 759, 916],
    pciDss4: ["8.3.2"],
    soc2: ["CC6.1"],
    hipaa: ["164.312(d)"],
  },
};

/** `encryption.db-cert-expired` shares the row of `encryption.cert-expired`, `db-tls-weak-cipher` that of
 *  `tls-weak-cipher` (same test, other endpoint); ids with their own row (db-tls-unsupported) keep it. */
function canonicalId(checkId: string): string {
  if (CHECK_REFERENCES[checkId]) return checkId;
  return checkId.replace(/^encryption\.db-cert-/, "encryption.cert-").replace(/^encryption\.db-tls/, "encryption.tls");
}

export function referencesFor(checkId: string): References {
  const category = checkId.split(".")[0] as CategoryId;
  const base: References = (CATEGORY_IDS as readonly string[]).includes(category) ? CATEGORY_REFERENCES[category] : {};
  const row = CHECK_REFERENCES[canonicalId(checkId)] ?? {};
  const out: References = { ...base, ...row };
  // Empty arrays in a row mean "not applicable": drop them from the result.
  for (const k of Object.keys(out) as (keyof References)[]) {
    const v = out[k];
    if (Array.isArray(v) && v.length === 0) delete out[k];
  }
  return structuredClone(out);
}
