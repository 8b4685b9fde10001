// `rampart mcp`: the Model Context Protocol server over stdio, for AI coding assistants.
import type { CliCommand } from "../command.js";

export const mcpCommand: CliCommand = {
  name: "mcp",
  register(program, io) {
    program
      .command("mcp")
      .description("serve the Model Context Protocol over stdio: scan_api, get_scan, list_scans, diff_scans, explain_finding")
      .addHelpText(
        "after",
        `
Configure it in an MCP client as the command "npx" with arguments ["rampart", "mcp"] (see docs/mcp.md).
Credentials for scan_api are env:VAR references resolved from this server's environment.`,
      )
      .action(async () => {
        // Loaded on demand: the SDK is not needed by any other command.
        const { serveStdio } = await import("../../mcp/stdio.js");
        await serveStdio({ env: io.env });
      });
  },
};
