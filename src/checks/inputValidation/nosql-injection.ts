import { defineCheck, type CheckContext, type PlanContext, type PlannedRequest } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { NOSQL_OPERATORS } from "../../patterns/injection.js";
import { baselineAt, injectIdentity, injectionPoints, operatorRequest, planned, pointLabel, requestAt, sameAnswer, trySend, probeEachPoint, type InjectionPoint } from "./_inject.js";
import { inputRefs } from "./_shared.js";

const { match, control, absent } = NOSQL_OPERATORS;
const ok = (ex: Exchange | null): boolean => !!ex?.response && ex.response.status >= 200 && ex.response.status < 300;

/**
 * `{$ne: "nothing-has-this"}` matches everything, `{$eq: "nothing-has-this"}` nothing: when the first answers
 * with data and the second like a plain unknown value, the API handed our object to the query as an operator.
 */
async function probe(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<void> {
  const base = await baselineAt(ctx, point, identity);
  if (!base?.response) return;
  const unknown = await trySend(ctx, requestAt(ctx, point, absent, identity));
  const ne = await trySend(ctx, operatorRequest(ctx, point, match, absent, identity));
  if (!unknown?.response || !ok(ne) || sameAnswer(ne?.response, unknown.response)) return;
  // The differential control: the same object with $eq must answer like the plain unknown value.
  const eq = await trySend(ctx, operatorRequest(ctx, point, control, absent, identity));
  if (!eq?.response || !sameAnswer(eq.response, unknown.response)) return;
  const where = point.in === "body" ? `{"${point.name}": {"${match}": "${absent}"}}` : `${point.name}[${match}]=${absent}`;
  ctx.report({
    confidence: "confirmed",
    title: `NoSQL operator injection in ${pointLabel(point)}`,
    operation: point.op,
    key: `${point.in}:${point.name}`,
    evidence: [
      { exchange: unknown, excerpt: `${unknown.response.status}: the answer to a value nothing has`, note: `${point.name}=${absent}` },
      { exchange: ne!, excerpt: `${ne!.response!.status}: a different answer, with data`, note: `${where} is read as "not equal": it matches what the plain value does not` },
      { exchange: eq, excerpt: `${eq.response.status}: the same answer as the plain value`, note: `${control} with the same operand behaves like the plain value: the operator is interpreted` },
    ],
  });
}

/** Query parameters and JSON body fields (a path segment cannot carry an object). */
const targets = (ctx: Pick<PlanContext, "operations" | "settings">) => injectionPoints(ctx).filter((p) => p.in !== "path");

function plan(ctx: PlanContext): PlannedRequest[] {
  const identity = injectIdentity(ctx);
  return targets(ctx).flatMap((point) => [
    planned(requestAt(ctx, point, point.sample, identity), "baseline: the sample value (shared by the injection checks)"),
    planned(requestAt(ctx, point, absent, identity), "a value nothing has"),
    planned(operatorRequest(ctx, point, match, absent, identity), `${match} operator with that value`),
    planned(operatorRequest(ctx, point, control, absent, identity), `if ${match} answered differently: ${control} with the same value`),
  ]);
}

export default defineCheck({
  meta: {
    id: "inputValidation.nosql-injection",
    title: "NoSQL operator injection (confirmed)",
    category: "inputValidation",
    severity: "high",
    how: "active",
    description:
      "Sends query operators where the API expects a value: `name[$ne]=…` in the query string (qs/PHP-style parsers build an object from it) and `{\"$ne\": …}` in JSON bodies. Reported when `$ne` with a value nothing has returns data while `$eq` with the same value answers like the plain value: the object reached a MongoDB-style query as an operator. Login checks bypassed with `{\"password\": {\"$ne\": \"\"}}` and filters that return every record are the usual outcome.",
    references: inputRefs([943], { owaspApi2023: ["API8"], owaspTop10_2021: ["A03"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Accept only scalars where a value is expected: validate types at the edge and cast to string (or the expected type) before building a query.",
      steps: [
        "Validate request bodies and query strings with a schema that rejects objects where a string or number is expected.",
        "Strip or refuse keys starting with `$` (express-mongo-sanitize, mongo-sanitize) and disable extended query-string parsing when it is not needed.",
        "Never pass request objects straight into `find`, `findOne` or `$where`; build the filter from validated fields.",
      ],
    },
    changes: "sends query operators ($ne, $eq) as values to GET and POST operations only; each POST is in the changes ledger and objects it created are deleted at the end. A login operation sees a few failed attempts.",
  },
  planRequests: plan,
  run: (ctx) => probeEachPoint(ctx, targets(ctx), "no query parameter or JSON body field to inject into", probe),
});
