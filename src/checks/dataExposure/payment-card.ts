import { defineCheck } from "../../core/check.js";
import { cardTable, type PiiRow } from "../../patterns/pii.js";
import { excerptAround } from "../../patterns/redact.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

export default defineCheck({
  meta: {
    id: "dataExposure.payment-card",
    title: "Payment card numbers in responses",
    category: "dataExposure",
    severity: "critical",
    how: "passive",
    description:
      "A response carries full payment card numbers (PANs): digit strings that pass the Luhn check and fall in a card network's IIN range, grouped like a card number, under a card-like field, or as a string value of a non-identifier field. PCI DSS forbids displaying a full PAN to anyone without a business need; an API that returns them puts the whole cardholder data environment in scope.",
    references: dataRefs([359, 311], { pciDss4: ["3.3.1", "3.4.1", "3.5.1"] }),
    remediation: {
      summary: "Never return full card numbers: store a token from the payment processor and show only the last four digits.",
      steps: [
        "Replace stored PANs with processor tokens (Stripe, Adyen, Braintree …); keep only brand and last four.",
        "Mask in the response model (`**** **** **** 1111`): first six / last four at most, as PCI DSS 3.4.1 allows.",
        "If PANs must be stored, encrypt them with keys managed outside the application and restrict read paths.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body) return;
    const matches = cardTable.scan(body, 200);
    if (matches.length === 0) return;
    if (!within(ctx, operationKey(ex))) return;
    const distinct = new Set(matches.map((m) => m.value.replace(/\D/g, "")));
    const first = matches[0]!;
    const row = first.row as PiiRow;
    ctx.report({
      confidence: "firm",
      operation: operationOf(ex),
      key: "pan",
      sensitiveData: true,
      evidence: [
        {
          exchange: ex,
          excerpt: excerptAround(body, first.index, first.index + first.value.length, row.redact(first.value)),
          note: `${distinct.size} distinct card number${distinct.size === 1 ? "" : "s"}; first: ${row.note(first.value) ?? "card"}`,
        },
      ],
    });
  },
});
