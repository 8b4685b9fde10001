// list_scans: the stored scan history, newest first.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { McpDeps } from "../deps.js";
import { guarded, ok } from "../result.js";
import { scanSummaryShape, summaryLine, summaryView } from "../scan-view.js";

export function registerListScans(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    "list_scans",
    {
      title: "List stored scans",
      description: "List stored Rampart scans, newest first, optionally for one target URL: id, date, status, grade, score, finding counts.",
      inputSchema: {
        target: z.string().optional().describe("Only scans of this base URL"),
        limit: z.number().int().min(1).max(200).optional().describe("How many (default 20)"),
      },
      outputSchema: { scans: z.array(z.object(scanSummaryShape)) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded("list_scans", deps.log, () => {
        const query: { target?: string; limit: number } = { limit: args.limit ?? 20 };
        if (args.target?.trim()) query.target = args.target.trim();
        const scans = deps.store().list(query).map(summaryView);
        const text = scans.length
          ? [`${scans.length} scan(s), newest first:`, ...scans.map(summaryLine)].join("\n")
          : `No stored scans${query.target ? ` for ${query.target}` : ""} yet; run scan_api first.`;
        return ok(text, { scans });
      }),
  );
}
