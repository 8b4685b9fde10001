// CockroachDB's HTTP (DB Console / status) endpoints and what their unauthenticated answers look like.
// Judged by content, never by status alone: a generic 200 on these paths proves nothing.

/** CockroachDB's default HTTP port (console, status, health). */
export const COCKROACH_HTTP_PORT = 8080;

/** Metric names only CockroachDB exports together; a Prometheus page with two or more is CockroachDB's. */
export const COCKROACH_METRICS: readonly string[] = [
  "sql_conns",
  "sys_uptime",
  "ranges",
  "ranges_unavailable",
  "liveness_livenodes",
  "sql_query_count",
  "capacity_available",
  "replicas_leaseholders",
  "sys_go_allocbytes",
  "txn_commits",
  "raft_ticks",
];

export interface CockroachProbe {
  path: string;
  kind: "prometheus" | "json";
  /** For JSON answers: fields of CockroachDB's health/node status payload. */
  jsonSignature?: RegExp;
}

export const COCKROACH_PROBES: readonly CockroachProbe[] = [
  { path: "/_status/vars", kind: "prometheus" },
  { path: "/_admin/v1/health", kind: "json", jsonSignature: /"(?:nodeId|node_id)"\s*:|"buildInfo"\s*:|cockroach/i },
  { path: "/health?ready=1", kind: "json", jsonSignature: /"(?:nodeId|node_id)"\s*:|"buildInfo"\s*:|cockroach/i },
];

/** Distinct CockroachDB metric names defined at the start of a line of a Prometheus text page. */
export function cockroachMetricsIn(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.slice(0, 512 * 1024).matchAll(/^(?:# (?:HELP|TYPE) )?([a-z_][a-z0-9_]*)(?=[\s{])/gm)) {
    const name = m[1] ?? "";
    if (COCKROACH_METRICS.includes(name)) found.add(name);
  }
  return [...found];
}
