import { defineCheck, type CheckContext, type HttpRequestInput, type PlanContext, type PlannedRequest } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { KNOWN_FILES, XXE_DOCUMENT } from "../../patterns/injection.js";
import { scrubContext } from "../../patterns/redact.js";
import { injectIdentity, planned, trySend } from "./_inject.js";
import { byDepth, inputRefs } from "./_shared.js";

const XML_NAME = /^[A-Za-z_][\w.-]{0,60}$/;
const PASSWD = KNOWN_FILES.find((f) => f.id === "passwd")!;

/** POST operations whose request body the spec declares as XML (never PUT/PATCH: they change an existing object). */
function xmlOperations(ctx: Pick<PlanContext, "operations" | "settings">): Operation[] {
  return ctx.operations.filter((op) => op.method === "POST" && op.requestBody && /xml/i.test(op.requestBody.contentType)).slice(0, byDepth(ctx.settings.depth, 3, 10, 30));
}

/** The root element: the schema's `xml.name`, else the path's last literal segment, else `request`. */
function rootName(op: Operation): string {
  const declared = (op.requestBody?.schema as { xml?: { name?: unknown } } | null)?.xml?.name;
  if (typeof declared === "string" && XML_NAME.test(declared)) return declared;
  const segment = op.path.split("/").filter((s) => s && !s.startsWith("{")).pop() ?? "";
  return XML_NAME.test(segment) ? segment : "request";
}

/** The sample body as XML elements, the entity expanded in every text field (the API echoes one of them, or errs with it). */
function fields(op: Operation): string {
  const sample = op.requestBody?.sample;
  const names = sample && typeof sample === "object" && !Array.isArray(sample) ? Object.keys(sample).filter((k) => XML_NAME.test(k)) : [];
  return (names.length ? names : ["value"]).map((n) => `<${n}>&rampart;</${n}>`).join("");
}

function xxeRequest(ctx: Pick<PlanContext, "urlFor">, op: Operation, file: string, identity: string | null): HttpRequestInput {
  const root = rootName(op);
  const body = XXE_DOCUMENT.replace(/\{root\}/g, root).replace("{file}", file).replace("{fields}", fields(op));
  return { method: op.method, url: ctx.urlFor(op), body, headers: { "content-type": op.requestBody?.contentType ?? "application/xml" }, identity, operation: op };
}

async function probe(ctx: CheckContext, op: Operation, identity: string | null): Promise<void> {
  const hit = await trySend(ctx, xxeRequest(ctx, op, PASSWD.path, identity));
  const m = hit?.response ? PASSWD.marker.exec(hit.response.body.slice(0, 262_144)) : null;
  if (!hit || !m) return;
  // The differential control: the same document naming a file that does not exist brings no content.
  const control = await trySend(ctx, xxeRequest(ctx, op, PASSWD.missing, identity));
  if (!control?.response || PASSWD.marker.test(control.response.body)) return;
  ctx.report({
    confidence: "confirmed",
    title: "XML external entity (XXE) reads /etc/passwd",
    operation: op,
    key: "file",
    evidence: [
      { exchange: hit, excerpt: scrubContext(m[0]), note: `an external entity naming file:///${PASSWD.path} is expanded into the answer` },
      { exchange: control, excerpt: `${control.response.status} without it`, note: `the same document naming file:///${PASSWD.missing} brings nothing: the entity is resolved by the parser` },
    ],
  });
}

export default defineCheck({
  meta: {
    id: "inputValidation.xxe",
    title: "XML external entity injection (confirmed)",
    category: "inputValidation",
    severity: "high",
    how: "active",
    description:
      "Sends operations that accept XML a document whose DTD declares an external entity `SYSTEM \"file:///etc/passwd\"` used in every field. Reported when the answer carries the file's content and the same document naming a file that does not exist does not. A parser that resolves external entities reads local files, reaches internal URLs (SSRF) and can be made to exhaust memory.",
    references: inputRefs([611], { owaspApi2023: ["API8"], owaspTop10_2021: ["A05"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Disable DTDs and external entity resolution in every XML parser the API uses.",
      steps: [
        "Python: parse with defusedxml; lxml with `resolve_entities=False, no_network=True`. Java: `setFeature(\"http://apache.org/xml/features/disallow-doctype-decl\", true)`. .NET: `DtdProcessing.Prohibit`. PHP: never pass LIBXML_NOENT. Node: libxmljs without `noent`, or a parser with no DTD support.",
        "Accept JSON instead of XML where clients allow it.",
      ],
    },
    changes: "sends XML documents whose external entity reads /etc/passwd on a vulnerable server; each is a POST the ledger records, and created objects are deleted at the end.",
  },
  planRequests(ctx) {
    const identity = injectIdentity(ctx);
    return xmlOperations(ctx).flatMap((op): PlannedRequest[] => [
      planned(xxeRequest(ctx, op, PASSWD.path, identity), "external entity naming /etc/passwd"),
      planned(xxeRequest(ctx, op, PASSWD.missing, identity), "if the file's content came back: the same entity naming a file that does not exist"),
    ]);
  },
  async run(ctx) {
    const identity = injectIdentity(ctx);
    const ops = xmlOperations(ctx);
    if (ops.length === 0) return ctx.notApplicable("no operation declares an XML request body");
    for (const op of ops) await probe(ctx, op, identity);
  },
});
