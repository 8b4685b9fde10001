// diff_scans: what changed between two stored scans (by id, or the latest two of a target).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { InputError } from "../../../core/errors.js";
import { SEVERITIES } from "../../../core/types.js";
import { diffRegressions, diffReports, renderDiffText } from "../../../diff/index.js";
import { resolveDiffPair } from "../../../store/index.js";
import type { McpDeps } from "../deps.js";
import { guarded, ok } from "../result.js";

export function registerDiffScans(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    "diff_scans",
    {
      title: "Diff two scans",
      description:
        "Compare two stored Rampart scans: new findings, resolved findings, severity changes, score and grade drift, " +
        "per-category deltas. Give base and head scan ids, or a target URL to compare its latest two scans " +
        "(e.g. before and after a fix).",
      inputSchema: {
        base: z.string().optional().describe("Earlier scan id (or unique prefix)"),
        head: z.string().optional().describe("Later scan id (or unique prefix)"),
        target: z.string().optional().describe("Instead of ids: compare the latest two completed scans of this URL"),
        fail_on: z.enum(SEVERITIES).optional().describe("Report regressions: new findings at or above this severity"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded("diff_scans", deps.log, () => {
        const ids = args.base || args.head ? { base: args.base, head: args.head } : null;
        if (!ids && !args.target) throw new InputError("give base and head scan ids, or a target to compare its latest two scans");
        const [base, head] = resolveDiffPair(deps.store(), ids ? { ...ids } : { target: args.target ?? "" });
        const diff = diffReports(base, head);
        const regressions = args.fail_on ? diffRegressions(diff, args.fail_on) : [];
        let text = renderDiffText(diff, { color: false });
        if (args.fail_on) {
          text += regressions.length
            ? `\nRegressions at or above ${args.fail_on}: ${regressions.length} (${regressions.map((r) => r.checkId).join(", ")})`
            : `\nNo regression at or above ${args.fail_on}.`;
        }
        return ok(text, { ...diff, regressions });
      }),
  );
}
