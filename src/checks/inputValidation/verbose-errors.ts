import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { debugPageTable, sqlErrorTable } from "../../patterns/error-signatures.js";
import { scrubContext } from "../../patterns/redact.js";
import { stackTable } from "../../patterns/stack-traces.js";
import { textViews } from "../../patterns/text.js";
import { distinctSeen, operationKey, operationOf, scannableBody, within } from "../dataExposure/_exchange.js";
import { arrayUrl, isNumeric, tamperedUrl, targets } from "./_malformed.js";
import { inputRefs, probeIdentity } from "./_shared.js";

const ID = "inputValidation.verbose-errors";
const MAX_OPERATIONS = 20;

interface Leak {
  kind: "debug-page" | "sql-error" | "stack-trace";
  severity: "high" | "medium";
  title: string;
  excerpt: string;
}

function leakOf(ex: Exchange, body: string): Leak | null {
  const views = textViews(body);
  for (const v of views) {
    const [d] = debugPageTable.scan(v, 1);
    if (d) return { kind: "debug-page", severity: d.row.severity === "high" ? "high" : "medium", title: d.row.title, excerpt: v.slice(d.index, d.index + 160) };
  }
  // Driver errors count in error responses; a syntax error counts anywhere. Mentions are not errors.
  const failed = (ex.response?.status ?? 0) >= 400;
  for (const v of views) {
    const s = sqlErrorTable.scan(v, 10).find((m) => !m.row.mentionOnly && (failed || m.row.syntax));
    if (s) return { kind: "sql-error", severity: "medium", title: s.row.title, excerpt: v.slice(Math.max(0, s.index - 40), s.index + 160) };
  }
  // Traces are dataExposure.stack-trace's; here they count when our own malformed input caused them.
  if (ex.source === ID && (ex.response?.status ?? 0) >= 400) {
    for (const v of views) {
      const [t] = stackTable.scan(v, 1);
      if (t) return { kind: "stack-trace", severity: "medium", title: `${t.row.title} for malformed input`, excerpt: v.slice(t.index, t.index + 160) };
    }
  }
  return null;
}

export default defineCheck({
  meta: {
    id: ID,
    title: "Verbose error messages",
    category: "inputValidation",
    severity: "medium",
    how: "probe",
    description:
      "Errors reveal internals: framework debug pages (Django DEBUG, Werkzeug debugger, Laravel Ignition, ASP.NET developer page …), SQL and driver errors naming the database and query, or stack traces triggered by malformed path/query values. Besides the information leak, an unhandled malformed value shows that input reaches code that never validated it.",
    references: inputRefs([209, 210, 497], { owaspTop10_2021: ["A05"] }),
    remediation: {
      summary: "Validate input at the edge and map every exception to a generic error body; keep details in server logs.",
      steps: [
        "Turn off debug modes and developer exception pages in production.",
        "Declare parameter types (path/query schemas) so malformed values are rejected with a 400/422 before reaching code.",
        "Catch database exceptions in one handler that logs them and returns `{\"error\":\"internal\",\"id\":\"…\"}`.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => targets(ctx, "numeric").length,
  async run(ctx) {
    const identity = probeIdentity(ctx);
    await eachPerSlot(ctx.concurrency, targets(ctx, "numeric"), (t) => {
      const url = isNumeric(t.param) ? tamperedUrl(ctx, t, "rampart") : t.param.in === "query" ? arrayUrl(ctx, t) : tamperedUrl(ctx, t, `${t.param.sample}\u0000`);
      return ctx.http.send({ method: "GET", url, identity, operation: t.op });
    });
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body) return;
    const leak = leakOf(ex, body);
    if (!leak) return;
    const key = `${operationKey(ex)}|${leak.kind}`;
    if (distinctSeen(ctx) >= MAX_OPERATIONS || !within(ctx, key, 1)) return;
    ctx.report({
      confidence: "confirmed",
      severity: leak.severity,
      title: `${leak.title} in an error response`,
      operation: operationOf(ex),
      key: leak.kind,
      evidence: [{ exchange: ex, excerpt: scrubContext(leak.excerpt.replace(/\s+/g, " ")), note: leak.title }],
    });
  },
});
