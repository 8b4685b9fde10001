import { defineCheck, type CheckContext, type PlanContext, type PlannedRequest } from "../../core/check.js";
import { FACTORS, TEMPLATE_EXPRESSIONS, fill } from "../../patterns/injection.js";
import { baselineAt, injectIdentity, injectionPoints, planned, pointLabel, requestAt, trySend, probeEachPoint, type InjectionPoint } from "./_inject.js";
import { inputRefs } from "./_shared.js";

const [[A1, B1], [A2, B2]] = FACTORS as [[number, number], [number, number]];

/** An arithmetic expression in each engine's syntax; its product in the answer (and again with other factors) proves evaluation. */
async function probe(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<void> {
  const base = await baselineAt(ctx, point, identity);
  if (!base?.response) return;
  const p1 = String(A1 * B1);
  const p2 = String(A2 * B2);
  if (base.response.body.includes(p1)) return;
  for (const row of TEMPLATE_EXPRESSIONS) {
    const value1 = `${point.sample}${fill(row.template, { a: A1, b: B1 })}`;
    const first = await trySend(ctx, requestAt(ctx, point, value1, identity));
    if (!first?.response?.body.includes(p1)) continue;
    const value2 = `${point.sample}${fill(row.template, { a: A2, b: B2 })}`;
    const second = await trySend(ctx, requestAt(ctx, point, value2, identity));
    if (!second?.response?.body.includes(p2) || second.response.body.includes(p1)) continue;
    ctx.report({
      confidence: "confirmed",
      title: `Server-side template injection in ${pointLabel(point)} (${row.engines.split(",")[0]} syntax)`,
      operation: point.op,
      key: `${point.in}:${point.name}`,
      evidence: [
        { exchange: first, excerpt: p1, note: `${value1} comes back as ${p1}: the template engine evaluated ${A1}*${B1} (syntax of ${row.engines})` },
        { exchange: second, excerpt: p2, note: `confirmed with other factors: ${value2} → ${p2}` },
      ],
    });
    return;
  }
}

const TEMPLATE_NAMES = /name|title|template|message|text|greeting|subject|body|content|q|search/i;

/** String points, names that are likely rendered first. */
const targets = (ctx: Pick<PlanContext, "operations" | "settings">) => injectionPoints(ctx, TEMPLATE_NAMES).filter((p) => !p.numeric);

function plan(ctx: PlanContext): PlannedRequest[] {
  const identity = injectIdentity(ctx);
  const at = (point: InjectionPoint, value: string, purpose: string) => planned(requestAt(ctx, point, value, identity), purpose);
  return targets(ctx).flatMap((point) => [
    at(point, point.sample, "baseline: the sample value (shared by the injection checks)"),
    ...TEMPLATE_EXPRESSIONS.flatMap((row) => [
      at(point, `${point.sample}${fill(row.template, { a: A1, b: B1 })}`, `${row.engines}: ${A1}*${B1}`),
      at(point, `${point.sample}${fill(row.template, { a: A2, b: B2 })}`, `if ${A1 * B1} shows: ${A2}*${B2}`),
    ]),
  ]);
}

export default defineCheck({
  meta: {
    id: "inputValidation.template-injection",
    title: "Server-side template injection (confirmed)",
    category: "inputValidation",
    severity: "critical",
    how: "active",
    description:
      "Appends an arithmetic expression in the syntax of the common template engines (`{{a*b}}` Jinja2/Twig/Nunjucks, `${a*b}` FreeMarker/Spring EL, `<%= a*b %>` ERB/EJS, `#{a*b}`, `[[${a*b}]]` Thymeleaf, `@(a*b)` Razor, `{a*b}` Smarty) to string parameters and JSON body fields. Reported when the answer carries the product (never present in the payload) and a second expression with other factors gives its own product. Input rendered as a template is code: most engines reach the file system or a shell from there.",
    references: inputRefs([1336, 94], { owaspApi2023: ["API8"], owaspTop10_2021: ["A03"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Pass input to templates as data (context variables), never as part of the template source.",
      steps: [
        "Render fixed templates with `render(template, {value})`; never concatenate input into a template string or compile one from input.",
        "If users must write templates, use a logic-less engine (Mustache) or a sandboxed environment with no attribute access.",
        "Validate the field's expected shape at the edge so expressions never reach rendering.",
      ],
    },
    changes: "sends arithmetic template expressions to GET and POST operations only; each POST is in the changes ledger and objects it created are deleted at the end.",
  },
  planRequests: plan,
  run: (ctx) => probeEachPoint(ctx, targets(ctx), "no string parameter or JSON body field to inject into", probe),
});
