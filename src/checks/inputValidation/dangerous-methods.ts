import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import { PolicyError } from "../../core/errors.js";
import type { Exchange } from "../../core/types.js";
import { byDepth, inputRefs, probeIdentity } from "./_shared.js";

const WRITE = ["POST", "PUT", "PATCH", "DELETE"];

/** Distinct documented paths to ask OPTIONS about (templates, with their first operation). */
function paths(ctx: Pick<PlanContext, "api" | "operations" | "settings">): { path: string; documented: Set<string>; url: (c: CheckContext) => string }[] {
  const byPath = new Map<string, Set<string>>();
  for (const op of ctx.api?.operations ?? ctx.operations) {
    const set = byPath.get(op.path) ?? new Set<string>();
    set.add(op.method);
    byPath.set(op.path, set);
  }
  const seen = new Set<string>();
  return ctx.operations
    .filter((op) => op.method === "GET" && !seen.has(op.path) && seen.add(op.path))
    .slice(0, byDepth(ctx.settings.depth, 2, 5, 10))
    .map((op) => ({ path: op.path, documented: byPath.get(op.path) ?? new Set([op.method]), url: (c: CheckContext) => c.urlFor(op) }));
}

function allowed(ex: Exchange): string[] {
  const allow = ex.response?.headers["allow"] ?? "";
  return allow.split(",").map((m) => m.trim().toUpperCase()).filter(Boolean);
}

export default defineCheck({
  meta: {
    id: "inputValidation.dangerous-methods",
    title: "TRACE enabled or undocumented write methods advertised",
    category: "inputValidation",
    severity: "low",
    how: "probe",
    description:
      "OPTIONS advertises write methods (PUT, PATCH, DELETE, POST) on paths whose documentation lists none, or the server answers/advertises TRACE. Undocumented write handlers are untested attack surface (often scaffolding left by frameworks), and TRACE echoes requests back, which helps cross-site tracing of headers.",
    references: inputRefs([650, 749]),
    remediation: {
      summary: "Disable TRACE and route only the methods each path is meant to support.",
      steps: [
        "Remove handlers for undocumented methods (or document and test them).",
        "Disable TRACE at the server or proxy (Apache `TraceEnable off`; most frameworks reject it unless mapped).",
        "Return 405 with an accurate Allow header for everything else.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => paths(ctx).length + (ctx.settings.mode === "passive" ? 0 : 1),
  async run(ctx) {
    const identity = probeIdentity(ctx);
    const targets = paths(ctx);
    if (targets.length === 0) return ctx.notApplicable("no documented GET operation to ask OPTIONS about");
    await eachPerSlot(ctx.concurrency, targets, async (t) => {
      const ex = await ctx.http.send({ method: "OPTIONS", url: t.url(ctx), identity });
      const methods = allowed(ex);
      const extra = methods.filter((m) => WRITE.includes(m) && !t.documented.has(m));
      const trace = methods.includes("TRACE");
      if (extra.length === 0 && !trace) return;
      ctx.report({
        confidence: "firm",
        title: trace && extra.length === 0 ? "OPTIONS advertises TRACE" : `OPTIONS advertises undocumented ${extra.join(", ")}`,
        operation: { method: "OPTIONS", path: t.path, url: ex.request.url },
        key: "options",
        evidence: [{ exchange: ex, excerpt: `Allow: ${ex.response?.headers["allow"] ?? ""}`, note: `documented: ${[...t.documented].sort().join(", ")}` }],
      });
    });
    // TRACE is an HTTP-safe method (RFC 9110 §9.2.1): sent in safe and active mode, not in passive.
    if (ctx.settings.mode === "passive") return;
    const first = targets[0]!;
    try {
      const ex = await ctx.http.send({ method: "TRACE", url: first.url(ctx), identity: null, headers: { "x-rampart-trace": "echo" } });
      const res = ex.response;
      if (res && res.status >= 200 && res.status < 300 && /^TRACE |x-rampart-trace/im.test(res.body)) {
        ctx.report({ confidence: "confirmed", title: "TRACE is answered", operation: { method: "TRACE", path: first.path, url: ex.request.url }, key: "trace", evidence: [{ exchange: ex, excerpt: res.body.slice(0, 120) }] });
      }
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
    }
  },
});
