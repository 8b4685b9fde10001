import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { sqlErrorTable, type SqlErrorRow } from "../../patterns/error-signatures.js";
import { scrubContext } from "../../patterns/redact.js";
import { textViews } from "../../patterns/text.js";
import { crawlExchange, tamperedUrl, targets, type Target } from "./_malformed.js";
import { inputRefs, probeIdentity } from "./_shared.js";

/** The SQL syntax error a response shows, if any. */
function syntaxError(ex: Exchange | undefined): { row: SqlErrorRow; value: string } | null {
  const body = ex?.response?.body;
  if (!body) return null;
  for (const view of textViews(body.slice(0, 262_144))) {
    const m = sqlErrorTable.scan(view, 10).find((x) => x.row.syntax);
    if (m) return { row: m.row, value: m.value };
  }
  return null;
}

async function probe(ctx: CheckContext, t: Target, identity: string | null): Promise<void> {
  const sample = t.param.sample || "1";
  if (syntaxError(crawlExchange(ctx, t.op))) return; // the error is there without our quote
  const quoted = await ctx.http.send({ method: "GET", url: tamperedUrl(ctx, t, `${sample}'`), identity, operation: t.op });
  const hit = syntaxError(quoted);
  if (!hit) return;
  // Balanced quotes close the string again: if the error goes away, our quote broke the query.
  const balanced = await ctx.http.send({ method: "GET", url: tamperedUrl(ctx, t, `${sample}''`), identity, operation: t.op });
  const confirmed = !syntaxError(balanced);
  ctx.report({
    confidence: confirmed ? "confirmed" : "firm",
    title: `SQL syntax error from a quote in ${t.param.in} parameter "${t.param.name}" (${hit.row.database})`,
    operation: t.op,
    key: t.param.name,
    evidence: [
      { exchange: quoted, excerpt: scrubContext(hit.value), note: `${hit.row.title} after appending ' to "${t.param.name}"` },
      ...(confirmed ? [{ exchange: balanced, excerpt: `${balanced.response?.status ?? ""} without a SQL error`, note: "two quotes ('') make the error disappear" }] : []),
    ],
  });
}

export default defineCheck({
  meta: {
    id: "inputValidation.sql-error-injection",
    title: "SQL injection (error-based indicator)",
    category: "inputValidation",
    severity: "high",
    how: "probe",
    description:
      "A single quote appended to a GET parameter makes the API return a SQL syntax error, and a doubled quote makes it go away: the value is concatenated into a SQL statement. Error-based injection like this usually extends to reading any table the database user can see.",
    references: inputRefs([89], { owaspApi2023: ["API8"], owaspTop10_2021: ["A03"], pciDss4: ["6.2.4"] }),
    remediation: {
      summary: "Use parameterised queries (bind variables) for every value; never build SQL with string formatting.",
      steps: [
        "Replace f-strings/concatenation with placeholders (`$1`, `%s`, `?`, `:name`) or the ORM's query builder.",
        "Validate parameter types at the edge (schemas) so unexpected characters never reach data access code.",
        "Run the service with a database user limited to the tables and statements it needs.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => targets(ctx, "string").length * 2,
  async run(ctx) {
    const identity = probeIdentity(ctx);
    const list = targets(ctx, "string");
    if (list.length === 0) return ctx.notApplicable("no GET operation with path or query parameters");
    await eachPerSlot(ctx.concurrency, list, (t) => probe(ctx, t, identity));
  },
});
