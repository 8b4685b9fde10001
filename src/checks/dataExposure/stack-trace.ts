import { defineCheck } from "../../core/check.js";
import { scrubContext } from "../../patterns/redact.js";
import { stackTable } from "../../patterns/stack-traces.js";
import { textViews } from "../../patterns/text.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

export default defineCheck({
  meta: {
    id: "dataExposure.stack-trace",
    title: "Stack traces in responses",
    category: "dataExposure",
    severity: "medium",
    how: "passive",
    description:
      "A response carries a stack trace or exception dump (Python, Java/JVM, .NET, Node.js, Go, Ruby, PHP, Elixir). Traces reveal source paths, library versions, code structure and sometimes data or queries, which turns guessing into targeted attacks.",
    references: dataRefs([209, 497], { owaspApi2023: ["API8"], owaspTop10_2021: ["A05"] }),
    remediation: {
      summary: "Return a generic error body in production and log the trace server-side with a correlation id.",
      steps: [
        "Disable debug mode / developer exception pages in production configuration.",
        "Install a global exception handler that maps errors to a fixed body (`{\"error\":\"internal\",\"id\":\"…\"}`).",
        "Log the full exception with the same correlation id so support can find it.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body) return;
    for (const view of textViews(body)) {
      const [m] = stackTable.scan(view, 1);
      if (!m) continue;
      if (!within(ctx, operationKey(ex), 2)) return;
      const excerpt = scrubContext(view.slice(m.index, m.index + 240).replace(/\s+/g, " "));
      ctx.report({
        confidence: "confirmed",
        operation: operationOf(ex),
        key: "stack-trace",
        evidence: [{ exchange: ex, excerpt, note: `${m.row.title} (${m.row.runtime})` }],
      });
      return;
    }
  },
});
