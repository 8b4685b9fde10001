// The Rampart MCP server: scan, read, compare and explain scans as tools for AI assistants.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { VERSION } from "../../core/version.js";
import type { McpDeps } from "./deps.js";
import { registerDiffScans } from "./tools/diff-scans.js";
import { registerExplainFinding } from "./tools/explain-finding.js";
import { registerGetScan } from "./tools/get-scan.js";
import { registerListScans } from "./tools/list-scans.js";
import { registerScanApi } from "./tools/scan-api.js";

export const TOOL_NAMES = ["scan_api", "get_scan", "list_scans", "diff_scans", "explain_finding"] as const;

export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer(
    { name: "rampart", version: VERSION },
    {
      instructions:
        "Rampart scans HTTP APIs for security problems, locally. Typical loop: scan_api on the API being written, " +
        "explain_finding for each finding worth fixing, change the code, scan_api again, then diff_scans with the " +
        "target to confirm the fix and catch regressions. Credentials are passed as env:VAR references only.",
    },
  );
  registerScanApi(server, deps);
  registerGetScan(server, deps);
  registerListScans(server, deps);
  registerDiffScans(server, deps);
  registerExplainFinding(server, deps);
  return server;
}
