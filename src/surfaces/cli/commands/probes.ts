// `rampart probes [--tier t] [--format table|json]`: the LLM probe catalog, as data.
import { UsageError } from "../../../core/errors.js";
import { DEPTHS, type Depth } from "../../../core/types.js";
import { PROBES, TIER_BUDGET, probesFor, type Probe } from "../../../llm/probes.js";
import type { CliIO } from "../command.js";

export interface ProbesFlags {
  tier?: Depth;
  format?: string;
}

function row(p: Probe): Record<string, string> {
  return {
    id: p.id,
    family: p.family,
    tier: p.tier,
    check: p.feeds,
    success: p.success,
    ...(p.transform ? { transform: p.transform } : {}),
    ...(p.plain ? { plain: p.plain } : {}),
    title: p.title,
  };
}

export function renderProbeTable(probes: readonly Probe[], tier: Depth | null): string {
  const cols = ["id", "family", "tier", "check", "success"] as const;
  const widths = cols.map((c) => Math.max(c.length, ...probes.map((p) => String(row(p)[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const counts = DEPTHS.map((d) => `${d} ${probesFor(d).length}/${TIER_BUDGET[d]}`).join(", ");
  const head = tier ? `${probes.length} probes run at --depth ${tier} (budget ${TIER_BUDGET[tier]} per AI endpoint)` : `${probes.length} probes; per depth (sent/budget): ${counts}`;
  return [head, "", line([...cols]), line(widths.map((w) => "-".repeat(w))), ...probes.map((p) => line(cols.map((c) => row(p)[c] ?? "")))].join("\n") + "\n";
}

export function runProbes(flags: ProbesFlags, io: CliIO): void {
  const format = flags.format ?? "table";
  if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json (got '${format}')`);
  const list = flags.tier ? probesFor(flags.tier) : [...PROBES];
  if (format === "json") {
    io.out(JSON.stringify({ budget: TIER_BUDGET, count: list.length, probes: list.map((p) => ({ ...row(p), template: p.template, ...(p.payload ? { payload: p.payload } : {}), ...(p.history ? { history: p.history } : {}) })) }, null, 2));
  } else io.out(renderProbeTable(list, flags.tier ?? null));
}
