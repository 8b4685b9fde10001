import { defineCheck, type CheckContext, type PlanContext, type PlannedRequest } from "../../core/check.js";
import { CRLF_HEADER, CRLF_PAYLOADS, FACTORS, fill } from "../../patterns/injection.js";
import { injectIdentity, injectionPoints, planned, pointLabel, requestAt, trySend, probeEachPoint, type InjectionPoint } from "./_inject.js";
import { inputRefs } from "./_shared.js";

const REFLECTED = /redirect|next|url|return|continue|dest|target|lang|locale|callback|ref|file|name|id/i;
const marker = (i: number) => `rmp${(FACTORS[i]![0] * FACTORS[i]![1]).toString(36)}`;

/** Our header appears in the answer (with a second marker too) and not when the line break is left out. */
async function probe(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<void> {
  for (const row of CRLF_PAYLOADS) {
    const value = fill(row.template, { v: point.sample, m: marker(0) });
    const hit = await trySend(ctx, { ...requestAt(ctx, point, value, identity), followRedirects: false });
    if (hit?.response?.headers[CRLF_HEADER]?.includes(marker(0)) !== true) continue;
    const again = await trySend(ctx, { ...requestAt(ctx, point, fill(row.template, { v: point.sample, m: marker(1) }), identity), followRedirects: false });
    if (again?.response?.headers[CRLF_HEADER]?.includes(marker(1)) !== true) continue;
    const flat = `${point.sample} X-Rampart-Probe: ${marker(0)}`;
    const control = await trySend(ctx, { ...requestAt(ctx, point, flat, identity), followRedirects: false });
    if (!control?.response || control.response.headers[CRLF_HEADER] !== undefined) continue;
    ctx.report({
      confidence: "confirmed",
      title: `CRLF injection in ${pointLabel(point)}: response headers can be added`,
      operation: point.op,
      key: `${point.in}:${point.name}`,
      evidence: [
        { exchange: hit, excerpt: `X-Rampart-Probe: ${marker(0)}`, note: `a ${row.id === "crlf" ? "CR LF" : "LF"} in ${pointLabel(point)} starts a header of the caller's choosing` },
        { exchange: again, excerpt: `X-Rampart-Probe: ${marker(1)}`, note: "confirmed with another value" },
        { exchange: control, excerpt: `${control.response.status} without the header`, note: "the same text without the line break adds nothing" },
      ],
    });
    return;
  }
}

/** Path and query parameters (a JSON body field rarely reaches a header), header-like names first. */
const targets = (ctx: Pick<PlanContext, "operations" | "settings">) => injectionPoints(ctx, REFLECTED).filter((p) => p.in !== "body");

function plan(ctx: PlanContext): PlannedRequest[] {
  const identity = injectIdentity(ctx);
  const at = (point: InjectionPoint, value: string, purpose: string) => planned(requestAt(ctx, point, value, identity), purpose);
  return targets(ctx).flatMap((point) =>
    CRLF_PAYLOADS.flatMap((row) => [
      at(point, fill(row.template, { v: point.sample, m: marker(0) }), `${row.id}: a header of ours after a line break`),
      at(point, fill(row.template, { v: point.sample, m: marker(1) }), "if the header appeared: another value"),
      at(point, `${point.sample} X-Rampart-Probe: ${marker(0)}`, "if it appeared again: the same text without the line break"),
    ]),
  );
}

export default defineCheck({
  meta: {
    id: "inputValidation.crlf-injection",
    title: "CRLF / response header injection (confirmed)",
    category: "inputValidation",
    severity: "medium",
    how: "active",
    description:
      "Puts a line break followed by a header of ours (`\\r\\nX-Rampart-Probe: …`, and a bare `\\n`) into path and query parameters, names that usually end up in headers (redirect targets, languages, ids) first. Reported when the answer carries our header, again with a second value, and not when the same text is sent without the line break. Whoever can add headers can set cookies (session fixation), split responses to poison caches and turn redirects into cross-site scripting.",
    references: inputRefs([93, 113], { owaspApi2023: ["API8"], owaspTop10_2021: ["A03"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Never copy input into a response header unencoded: refuse CR and LF in header values, or build them from validated, encoded parts.",
      steps: [
        "Use the framework's header and redirect helpers and keep it current: they refuse line breaks (Node, ASP.NET Core and recent Java servlet containers do).",
        "Percent-encode values placed in Location and validate redirect targets against an allow-list.",
        "Check the proxy in front of the API too: some rewrite or log headers from raw input.",
      ],
    },
    changes: "sends line breaks and a harmless X-Rampart-Probe header in path and query parameters of GET and POST operations; each POST is in the changes ledger and objects it created are deleted at the end.",
  },
  planRequests: plan,
  run: (ctx) => probeEachPoint(ctx, targets(ctx), "no path or query parameter to inject into", probe),
});
