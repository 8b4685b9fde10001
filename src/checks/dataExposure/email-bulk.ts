import { defineCheck } from "../../core/check.js";
import { distinctContacts } from "../../patterns/contact.js";
import { excerptAround } from "../../patterns/redact.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

/** Distinct addresses in one response that make it a list of people rather than a contact field. */
export const EMAIL_BULK_THRESHOLD = 10;

export default defineCheck({
  meta: {
    id: "dataExposure.email-bulk",
    title: "Bulk e-mail addresses in responses",
    category: "dataExposure",
    severity: "medium",
    how: "passive",
    description: `A single response carries ${EMAIL_BULK_THRESHOLD} or more distinct e-mail addresses: a list of users or customers. Bulk personal data feeds phishing and credential-stuffing campaigns and is a reportable breach under GDPR-style laws when the endpoint is reachable by people who should not see it.`,
    references: dataRefs([359, 213]),
    remediation: {
      summary: "Return only the fields each caller needs: drop or mask e-mail addresses in list responses and restrict who can list users.",
      steps: [
        "Use a dedicated list schema without contact fields; return e-mail only on the owner's own record.",
        "Require an authorisation check (admin role, same tenant) for directory-style endpoints and paginate them.",
        "Mask addresses where a hint is enough (`j***@example.com`).",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body || !body.includes("@")) return;
    const { count, samples } = distinctContacts(body, "email");
    if (count < EMAIL_BULK_THRESHOLD || !within(ctx, operationKey(ex), 2)) return;
    const s = samples[0]!;
    ctx.report({
      confidence: "firm",
      operation: operationOf(ex),
      key: "email-bulk",
      sensitiveData: true,
      evidence: [{ exchange: ex, excerpt: excerptAround(body, s.index, s.index + s.value.length, s.row.redact(s.value)), note: `${count} distinct e-mail addresses in one response` }],
    });
  },
});
