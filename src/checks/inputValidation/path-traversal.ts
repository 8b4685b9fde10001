import { defineCheck, type CheckContext, type PlanContext, type PlannedRequest } from "../../core/check.js";
import { KNOWN_FILES, TRAVERSALS, fill } from "../../patterns/injection.js";
import { scrubContext } from "../../patterns/redact.js";
import { baselineAt, injectIdentity, injectionPoints, planned, pointLabel, requestAt, trySend, probeEachPoint, type InjectionPoint } from "./_inject.js";
import { inputRefs } from "./_shared.js";

const FILE_NAMES = /file|path|name|doc|template|page|img|image|download|attachment|include|dir|folder|report|log|lang|locale|theme/i;

const attempts = () =>
  KNOWN_FILES.flatMap((file) => TRAVERSALS.filter((t) => t.os === "any" || t.os === file.os).map((t) => ({ file, traversal: t })));

/** A known file's marker in the answer, and no marker when the same traversal names a file that does not exist. */
async function probe(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<void> {
  const base = await baselineAt(ctx, point, identity);
  if (!base?.response) return;
  for (const { file, traversal } of attempts()) {
    if (file.marker.test(base.response.body)) return; // the file is there anyway
    const value = fill(traversal.template, { f: file.path });
    const hit = await trySend(ctx, requestAt(ctx, point, value, identity));
    const m = hit?.response ? file.marker.exec(hit.response.body.slice(0, 262_144)) : null;
    if (!hit || !m) continue;
    const controlValue = fill(traversal.template, { f: file.missing });
    const control = await trySend(ctx, requestAt(ctx, point, controlValue, identity));
    if (!control?.response || file.marker.test(control.response.body)) continue;
    ctx.report({
      confidence: "confirmed",
      title: `Path traversal in ${pointLabel(point)} reads /${file.path}`,
      operation: point.op,
      key: `${point.in}:${point.name}`,
      evidence: [
        { exchange: hit, excerpt: scrubContext(m[0]), note: `${value} returns the content of /${file.path}` },
        { exchange: control, excerpt: `${control.response.status} without it`, note: `the same traversal to a file that does not exist (${controlValue}) does not: the path decides what is read` },
      ],
    });
    return;
  }
}

/** String points, file-like names first. */
const targets = (ctx: Pick<PlanContext, "operations" | "settings">) => injectionPoints(ctx, FILE_NAMES).filter((p) => !p.numeric);

function plan(ctx: PlanContext): PlannedRequest[] {
  const identity = injectIdentity(ctx);
  const at = (point: InjectionPoint, value: string, purpose: string) => planned(requestAt(ctx, point, value, identity), purpose);
  return targets(ctx).flatMap((point) => [
    at(point, point.sample, "baseline: the sample value (shared by the injection checks)"),
    ...attempts().flatMap(({ file, traversal }) => [
      at(point, fill(traversal.template, { f: file.path }), `${traversal.id} to /${file.path}`),
      at(point, fill(traversal.template, { f: file.missing }), `if /${file.path} was read: the same to a file that does not exist`),
    ]),
  ]);
}

export default defineCheck({
  meta: {
    id: "inputValidation.path-traversal",
    title: "Path traversal (confirmed)",
    category: "inputValidation",
    severity: "high",
    how: "active",
    description:
      "Puts `../` sequences (plain, nested `....//`, encoded, backslashed, absolute) leading to files every system has (`/etc/passwd`, `windows/win.ini`) into string parameters and JSON body fields, file-like names first. Reported when the answer shows the file's content and the same traversal to a file that does not exist does not. An API that reads files named by the caller serves its own configuration, keys and source.",
    references: inputRefs([22], { owaspApi2023: ["API8"], owaspTop10_2021: ["A01"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Map the caller's value to a file through an allow-list or an id, or resolve the path and refuse it unless it stays inside the intended directory.",
      steps: [
        "Prefer ids: look the file up in a table instead of taking a path from the request.",
        "Otherwise resolve the joined path (`realpath`) and check it starts with the base directory plus a separator; refuse `..`, absolute paths and encoded separators.",
        "Serve user files from object storage or a directory the API process can read nothing else from.",
      ],
    },
    changes: "reads files through the vulnerable parameter (only /etc/passwd or windows/win.ini, never written), on GET and POST operations only; each POST is in the changes ledger and objects it created are deleted at the end.",
  },
  planRequests: plan,
  run: (ctx) => probeEachPoint(ctx, targets(ctx), "no string parameter or JSON body field to inject into", probe),
});
