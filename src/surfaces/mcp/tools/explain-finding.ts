// explain_finding: what a check or stored finding means, its evidence, and a fix for the API's stack.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ScanStore } from "../../../store/index.js";
import type { McpDeps } from "../deps.js";
import { explain, explanationText } from "../explain.js";
import type { ExplainInput } from "../explain.js";
import { guarded, ok } from "../result.js";

export function registerExplainFinding(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    "explain_finding",
    {
      title: "Explain a finding",
      description:
        "Explain a Rampart check (id like encryption.hsts-missing) or a stored finding (finding id from scan_api/get_scan): " +
        "what it means, the evidence and reproduce command, and how to fix it for the API's framework and database " +
        "(detected by the scan, or given).",
      inputSchema: {
        id: z.string().min(1).describe("Check id or finding id (a unique prefix of a finding id works)"),
        scan_id: z.string().optional().describe("Look the finding up in this scan (default: the newest scan that has it)"),
        framework: z.string().optional().describe("Framework for the fix, e.g. fastapi, express, django, spring (default: detected)"),
        database: z.string().optional().describe("Database for the fix, e.g. postgresql, cockroachdb (default: detected)"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded("explain_finding", deps.log, () => {
        const input: ExplainInput = { id: args.id };
        if (args.scan_id) input.scanId = args.scan_id;
        if (args.framework) input.framework = args.framework;
        if (args.database) input.database = args.database;
        // A check id can be explained without the store; a finding id needs it.
        let store: ScanStore | null = null;
        try {
          store = deps.store();
        } catch (e) {
          if (input.scanId) throw e;
        }
        const explanation = explain(store, input);
        return ok(explanationText(explanation), { ...explanation });
      }),
  );
}
