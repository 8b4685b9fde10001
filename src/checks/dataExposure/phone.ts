import { defineCheck } from "../../core/check.js";
import { distinctContacts } from "../../patterns/contact.js";
import { excerptAround } from "../../patterns/redact.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

export const PHONE_BULK_THRESHOLD = 10;

export default defineCheck({
  meta: {
    id: "dataExposure.phone",
    title: "Bulk phone numbers in responses",
    category: "dataExposure",
    severity: "low",
    how: "passive",
    description: `A single response carries ${PHONE_BULK_THRESHOLD} or more distinct phone numbers (international format, North American format, or digits in a phone-named field). Phone lists enable SIM-swap, smishing and harassment, and are personal data in every privacy regime.`,
    references: dataRefs([359]),
    remediation: {
      summary: "Drop or mask phone numbers in list responses; return them only on the owner's own record.",
      steps: ["Use list schemas without contact fields.", "Mask to the last two digits where a hint is enough.", "Restrict and paginate directory-style endpoints."],
    },
    milestone: 2,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body) return;
    const { count, samples } = distinctContacts(body, "phone");
    if (count < PHONE_BULK_THRESHOLD || !within(ctx, operationKey(ex), 2)) return;
    const s = samples[0]!;
    ctx.report({
      confidence: "firm",
      operation: operationOf(ex),
      key: "phone-bulk",
      sensitiveData: true,
      evidence: [{ exchange: ex, excerpt: excerptAround(body, s.index, s.index + s.value.length, s.row.redact(s.value)), note: `${count} distinct phone numbers in one response` }],
    });
  },
});
