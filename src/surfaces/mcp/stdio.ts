// `rampart mcp`: serves the MCP server over stdio. stdout carries protocol messages only; every log line
// goes to stderr, and a stray console.log from any layer is rerouted there too.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { oneLine } from "../../core/errors.js";
import { defaultDbPath, pidAlive } from "../../store/index.js";
import { localDeps } from "./deps.js";
import { createMcpServer } from "./server.js";

export interface StdioOptions {
  env: Record<string, string | undefined>;
  /** Database file (default: the data directory's rampart.db). */
  storePath?: string;
}

function toStderr(...args: unknown[]): void {
  process.stderr.write(`${args.map((a) => (typeof a === "string" ? a : oneLine(a))).join(" ")}\n`);
}

/** Resolves when the client closes stdin (or the transport closes). */
export async function serveStdio(opts: StdioOptions): Promise<void> {
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  const log = (message: string): void => {
    process.stderr.write(`rampart mcp: ${message}\n`);
  };

  const deps = localDeps({ env: opts.env, log, ...(opts.storePath ? { storePath: opts.storePath } : {}) });
  // Scans this process began are marked failed when it is stopped (the next open would, too).
  const stop = (signal: NodeJS.Signals): void => {
    try {
      deps.opened()?.reapInterrupted((pid) => pid !== process.pid && pidAlive(pid));
      deps.close();
    } finally {
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.on("unhandledRejection", (e) => log(`unhandled rejection: ${e instanceof Error && e.stack ? e.stack : String(e)}`));

  const server = createMcpServer(deps);
  // Malformed input and transport faults are logged; the server keeps serving.
  server.server.onerror = (e) => log(`protocol error: ${oneLine(e)}`);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once("end", () => {
      void server.close().finally(resolve);
    });
  });
  await server.connect(transport);
  log(`ready (stdio); scans are stored in ${opts.storePath ?? defaultDbPath({ env: opts.env })}`);
  // The store stays open: a scan still running when the client leaves is stored when it finishes.
  await closed;
}
