// The named TLS vulnerability checks (encryption.tls-heartbleed, -robot, -poodle …): one check per row of
// the advice table, each reporting the audit's "vulnerable" verdicts that carry its id, on the API's TLS
// and on every probed database's. The tests themselves live in src/tls/vulns/.
import { defineCheck, type Check } from "../../../core/check.js";
import { TLS_VULNERABILITY_ADVICE } from "../../../knowledge/remediation/tls-vulnerabilities.js";
import { VULNERABILITIES, VULNERABILITY_IDS } from "../../../tls/vulns/catalog.js";
import { reportProtocolRule, tlsRefs } from "./_tls.js";

export const tlsVulnerabilityChecks: Check[] = VULNERABILITY_IDS.map((id) => {
  const a = TLS_VULNERABILITY_ADVICE[id];
  const v = VULNERABILITIES[id];
  const cves = v.cve.length ? ` (${v.cve.join(", ")})` : "";
  const scored = a.scoredUnder
    ? ` Reported for its name and evidence; the score counts the cause once, under ${a.scoredUnder}, which reports the same protocol or suites.`
    : "";
  return defineCheck({
    meta: {
      id: `encryption.${v.check}`,
      title: a.title,
      category: "encryption",
      severity: a.severity,
      how: "probe",
      description: `${a.description}${scored} Tested from raw handshakes by the TLS audit${cves}.`,
      references: tlsRefs(a.cwe),
      remediation: { summary: a.summary, steps: a.steps, code: a.code },
      milestone: 2,
    },
    run: reportProtocolRule,
  });
});
