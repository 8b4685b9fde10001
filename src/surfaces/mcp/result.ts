// Tool results: text for the conversation plus structured content, or a tool error (isError) whose
// message says what to change. An exception never escapes to kill the server.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { isRampartError, oneLine } from "../../core/errors.js";

export type Log = (message: string) => void;

export function ok(text: string, structured?: Record<string, unknown>): CallToolResult {
  const result: CallToolResult = { content: [{ type: "text", text }] };
  if (structured) result.structuredContent = structured;
  return result;
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/** Runs a tool body; typed Rampart errors become their one-line message, anything else an internal error. */
export async function guarded(tool: string, log: Log, body: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await body();
  } catch (e) {
    if (isRampartError(e)) return toolError(`${tool}: ${oneLine(e)}`);
    log(`${tool}: internal error: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    return toolError(`${tool}: internal error: ${oneLine(e)}`);
  }
}
