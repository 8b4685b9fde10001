import { defineCheck, type CheckContext, type EvidenceInput, type PlanContext } from "../../core/check.js";
import { PolicyError } from "../../core/errors.js";
import type { Exchange } from "../../core/types.js";
import { referencesFor } from "../../knowledge/compliance.js";
import { remediationFor } from "../../knowledge/remediation/index.js";
import { COCKROACH_HTTP_PORT, COCKROACH_PROBES, cockroachMetricsIn } from "../../patterns/cockroach-http.js";
import { stackFor } from "./db/_targets.js";

const ID = "encryption.cockroach-insecure-mode";
const generic = remediationFor(ID, { framework: null, database: "cockroachdb" });

type Target = PlanContext["target"];

/** The target origin, plus CockroachDB's default HTTP port on the same host (in scope: same host). */
function origins(target: Target): { origin: string; isTarget: boolean }[] {
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  const out = [{ origin: `${target.protocol}//${host}:${target.port}`, isTarget: true }];
  if (target.port !== COCKROACH_HTTP_PORT) {
    for (const scheme of ["http:", "https:"]) out.push({ origin: `${scheme}//${host}:${COCKROACH_HTTP_PORT}`, isTarget: false });
  }
  return out;
}

async function get(ctx: CheckContext, url: string): Promise<Exchange | null> {
  try {
    return await ctx.http.send({ method: "GET", url, followRedirects: false });
  } catch (e) {
    if (e instanceof PolicyError) return null;
    throw e;
  }
}

const isJsonObject = (body: string): boolean => {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

/** Probes one origin; evidence of CockroachDB endpoints answering without credentials. */
async function probeOrigin(ctx: CheckContext, origin: string, isTarget: boolean): Promise<{ evidence: EvidenceInput[]; confirmed: boolean }> {
  const evidence: EvidenceInput[] = [];
  let confirmed = false;
  for (const probe of COCKROACH_PROBES) {
    const ex = await get(ctx, `${origin}${probe.path}`);
    if (!ex) break;
    // Nothing listening on the guessed port is the normal case: stop quietly.
    if (!ex.response) {
      if (isTarget) continue;
      break;
    }
    const { status, body } = ex.response;
    if (status !== 200) continue;
    if (probe.kind === "prometheus") {
      const metrics = cockroachMetricsIn(body);
      if (metrics.length < 2) continue;
      confirmed = true;
      evidence.push({ exchange: ex, excerpt: `${probe.path} served CockroachDB metrics without credentials: ${metrics.slice(0, 6).join(", ")}` });
    } else if (isJsonObject(body) && (probe.jsonSignature?.test(body) || confirmed)) {
      // CockroachDB health answers may be a bare `{}`: only the metrics page makes those attributable.
      evidence.push({ exchange: ex, excerpt: `${probe.path} answered without credentials: ${body.slice(0, 160)}` });
    }
  }
  return { evidence, confirmed };
}

export default defineCheck({
  meta: {
    id: ID,
    title: "CockroachDB reachable without authentication",
    category: "encryption",
    severity: "critical",
    how: "probe",
    description:
      "CockroachDB's HTTP console and status endpoints (/_status/vars, /_admin/v1/health, /health?ready=1) answer on the API's host without credentials, or its SQL port accepts a plaintext session without a password (a node started with --insecure). Anyone who reaches the host learns the cluster's topology and load, and in insecure mode connects as any user, root included, over an unencrypted link.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 2,
  },
  estimateRequests(ctx) {
    return origins(ctx.target).length * COCKROACH_PROBES.length;
  },
  async run(ctx) {
    for (const { origin, isTarget } of origins(ctx.target)) {
      const { evidence, confirmed } = await probeOrigin(ctx, origin, isTarget);
      if (evidence.length === 0) continue;
      ctx.report({
        confidence: confirmed ? "confirmed" : "firm",
        key: origin,
        title: `CockroachDB HTTP endpoints answer without authentication at ${origin}`,
        evidence,
        remediation: remediationFor(ID, stackFor(ctx, "cockroachdb")),
      });
    }
    // Database audits other checks already ran (memoised per host:port): reuse, never re-probe.
    for (const t of ctx.settings.dbTargets) {
      const a = await ctx.transport.db(t.host, t.port).catch(() => null);
      const p = a?.plaintext;
      if (!a || a.product.name !== "cockroachdb" || p?.verdict !== "accepted" || p.auth?.method !== "ok") continue;
      const endpoint = `${a.host}:${a.port}`;
      ctx.report({
        confidence: "confirmed",
        key: `sql:${endpoint}`,
        title: `CockroachDB at ${endpoint} accepts SQL sessions without TLS or password`,
        evidence: [
          {
            request: `PostgreSQL StartupMessage without TLS (user ${a.probeUser}, no password) → ${endpoint}`,
            status: null,
            excerpt: `authentication ok without a credential${a.product.version ? ` (CockroachDB ${a.product.version})` : ""}`,
            note: p.reason,
          },
        ],
        reproduce: `cockroach sql --insecure --host=${a.host}:${a.port}`,
        remediation: remediationFor(ID, stackFor(ctx, "cockroachdb")),
      });
    }
  },
});
