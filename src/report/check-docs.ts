// A check's documentation page, generated from its meta so docs and code never drift.
import type { CheckMeta } from "../core/check.js";
import { CATEGORY_NAMES } from "../scoring/rubric.js";

const HOW: Record<CheckMeta["how"], string> = {
  passive: "Passive: inspects traffic the scan already has; sends nothing of its own.",
  probe: "Probe: sends extra read-only requests (the HTTP-safe methods GET/HEAD/OPTIONS/TRACE, or text-only POSTs to AI endpoints) through the scan's HTTP layer, within its budget and rate limit.",
  active:
    "Active: sends attack payloads or state-changing requests; runs only with `--mode active` (and `--confirm-target` outside loopback/private ranges). Every state-changing request is in the report's changes ledger; see [active mode](../active.md).",
  offline: "Offline: analyses the spec or tokens; sends no traffic.",
};

function refs(meta: CheckMeta): string[] {
  const r = meta.references;
  const out: string[] = [];
  if (r.owaspApi2023?.length) out.push(`- OWASP API Security Top 10 (2023): ${r.owaspApi2023.join(", ")}`);
  if (r.owaspTop10_2021?.length) out.push(`- OWASP Top 10 (2021): ${r.owaspTop10_2021.join(", ")}`);
  if (r.owaspLlm2025?.length) out.push(`- OWASP Top 10 for LLM Applications (2025): ${r.owaspLlm2025.join(", ")}`);
  if (r.cwe?.length) out.push(`- CWE: ${r.cwe.map((c) => `CWE-${c}`).join(", ")}`);
  if (r.pciDss4?.length) out.push(`- PCI DSS 4.0: ${r.pciDss4.join(", ")}`);
  if (r.soc2?.length) out.push(`- SOC 2: ${r.soc2.join(", ")}`);
  if (r.hipaa?.length) out.push(`- HIPAA: ${r.hipaa.join(", ")}`);
  return out.length ? out : ["- (none recorded)"];
}

export function renderCheckDoc(meta: CheckMeta): string {
  return [
    `# ${meta.id}`,
    "",
    `<!-- generated from the check's meta by scripts/gen-check-docs.ts: edit the check, then run npm run docs -->`,
    "",
    `**${meta.title}** · category ${CATEGORY_NAMES[meta.category]} (\`${meta.category}\`) · default severity **${meta.severity}**${meta.milestone ? ` · milestone ${meta.milestone}` : ""}`,
    "",
    "## What it detects",
    "",
    meta.description,
    "",
    "## Why it matters",
    "",
    ...refs(meta),
    "",
    "## How to fix",
    "",
    meta.remediation.summary,
    "",
    ...meta.remediation.steps.map((s) => `1. ${s}`),
    "",
    ...(meta.remediation.code ? ["```", meta.remediation.code, "```", ""] : []),
    `Run \`rampart explain ${meta.id} --framework <name> --database <name>\` for the fix in your stack's idiom.`,
    "",
    "## Safety",
    "",
    HOW[meta.how],
    "",
    ...(meta.changes ? [`May change: ${meta.changes}`, ""] : []),
    "## Suppressing",
    "",
    `Add \`- checkId: ${meta.id}\` with a \`reason\` (and optionally \`operation\` and \`expires\`) under \`ignore:\` in \`.rampart.yml\`.`,
    "",
  ].join("\n");
}
