import { defineCheck } from "../../core/check.js";
import { ssnTable, type PiiRow } from "../../patterns/pii.js";
import { excerptAround } from "../../patterns/redact.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

export default defineCheck({
  meta: {
    id: "dataExposure.ssn",
    title: "US Social Security numbers in responses",
    category: "dataExposure",
    severity: "high",
    how: "passive",
    description:
      "A response carries US Social Security numbers: nine-digit values with a valid area/group/serial structure in a field or next to a label that names them. SSNs are the key to identity theft and are regulated personal data; an API should return at most the last four digits, and only to the person they belong to.",
    references: dataRefs([359, 200], { hipaa: ["164.312(a)(1)"] }),
    remediation: {
      summary: "Stop returning full SSNs: mask them server-side (last four digits at most) and encrypt them at rest.",
      steps: [
        "Remove the SSN field from the response model, or serialise a masked form (`***-**-1234`).",
        "Return the full value only from a dedicated, audited endpoint that requires step-up authentication.",
        "Encrypt SSNs at rest with keys held outside the application (KMS, Vault), and log access to them.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body) return;
    const matches = ssnTable.scan(body, 200);
    if (matches.length === 0) return;
    const distinct = new Set(matches.map((m) => m.value.replace(/\D/g, "")));
    if (!within(ctx, operationKey(ex))) return;
    const first = matches[0]!;
    const row = first.row as PiiRow;
    const notes = [`${distinct.size} distinct SSN${distinct.size === 1 ? "" : "s"} in the response`];
    const example = row.note(first.value);
    if (example) notes.push(example);
    ctx.report({
      confidence: "firm",
      operation: operationOf(ex),
      key: "ssn",
      sensitiveData: true,
      evidence: [
        {
          exchange: ex,
          excerpt: excerptAround(body, first.index, first.index + first.value.length, row.redact(first.value)),
          note: notes.join("; "),
        },
      ],
    });
  },
});
