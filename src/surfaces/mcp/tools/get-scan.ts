// get_scan: one stored scan, as the concise view or rendered in any report format.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { InputError } from "../../../core/errors.js";
import { FORMATS } from "../../../report/renderers/index.js";
import { render } from "../../report-files.js";
import type { McpDeps } from "../deps.js";
import { guarded, ok } from "../result.js";
import { scanText, scanView, scanViewShape } from "../scan-view.js";

export function registerGetScan(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    "get_scan",
    {
      title: "Get a stored scan",
      description:
        "Return a stored Rampart scan by id (or unique id prefix): grade, score, categories and findings. " +
        `With format (${FORMATS.join(", ")}) the text is the full report rendered in that format.`,
      inputSchema: {
        scan_id: z.string().min(1).describe("Scan id or a unique prefix of it (from scan_api or list_scans)"),
        format: z.enum(FORMATS).optional().describe("Render the full report in this format instead of the concise summary"),
      },
      outputSchema: scanViewShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded("get_scan", deps.log, () => {
        const stored = deps.store().get(args.scan_id);
        if (!stored) throw new InputError(`no stored scan matches "${args.scan_id}"; list_scans shows the stored ones`);
        const view = scanView(stored);
        if (args.format && !stored.report) {
          throw new InputError(`scan ${stored.id} is ${stored.status}${stored.error ? ` (${stored.error})` : ""}: there is no report to render`);
        }
        const text = args.format && stored.report ? render(stored.report, args.format, { baseDir: process.cwd() }) : scanText(view);
        return ok(text, view);
      }),
  );
}
