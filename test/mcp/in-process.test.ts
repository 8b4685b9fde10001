// The MCP server in-process (SDK client over an in-memory transport, real engine, real store): client
// cancellation and an unusable data directory, which are awkward to stage over stdio.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ScanOptions } from "../../src/engine/options.js";
import { localDeps } from "../../src/surfaces/mcp/deps.js";
import { createMcpServer } from "../../src/surfaces/mcp/server.js";
import { openStore } from "../../src/store/index.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

let dir: string;
const logs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-mcp-inproc-"));
  logs.length = 0;
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function connect(storePath: string, seen?: ScanOptions[]): Promise<Client> {
  const deps = localDeps({ env: {}, storePath, log: (m) => void logs.push(m) });
  if (seen) {
    // The real engine, with the options the tool built kept for the test to read.
    const real = deps.scan;
    deps.scan = (options, hooks) => (seen.push(options), real(options, hooks));
  }
  const server = createMcpServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "in-process", version: "1.0.0" });
  await client.connect(clientSide);
  cleanups.push(async () => {
    await client.close();
    await server.close();
    deps.close();
  });
  return client;
}

function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** Answers the spec at once and every other path only after a long pause (or when the socket closes). */
async function slowTarget(): Promise<RunningServer> {
  return startServer(async (req, res) => {
    if (req.url === "/openapi.json") {
      return json(res, 200, {
        openapi: "3.0.3",
        info: { title: "slow", version: "1" },
        paths: { "/items": { get: { responses: { "200": { description: "ok" } } } } },
      });
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      req.socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (!res.destroyed) json(res, 200, []);
  });
}

describe("MCP server in-process", () => {
  it("stores a scan the client cancels as failed, and keeps serving", async () => {
    const target = await slowTarget();
    cleanups.push(() => target.close());
    const storePath = path.join(dir, "rampart.db");
    const client = await connect(storePath);
    const controller = new AbortController();
    const call = client.callTool(
      { name: "scan_api", arguments: { url: target.url, spec: `${target.url}/openapi.json` } },
      undefined,
      {
        signal: controller.signal,
        // Cancel once the scan is under way (its first progress update).
        onprogress: () => controller.abort("user cancelled"),
      },
    );
    await expect(call).rejects.toThrow();

    // The server notices the cancellation asynchronously: wait (bounded) for the row to settle.
    const store = openStore({ path: storePath });
    cleanups.push(() => store.close());
    let row = store.list()[0];
    for (let i = 0; i < 300 && row?.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = store.list()[0];
    }
    expect(row?.status).toBe("failed");
    expect(row?.error).toBe("cancelled by the client");

    const list = (await client.callTool({ name: "list_scans", arguments: {} })) as CallToolResult;
    expect(list.isError).toBeFalsy();
    expect(text(list)).toContain("failed (cancelled by the client)");
  });

  it("reports an unusable data directory as a tool error while check explanations still work", async () => {
    const blocker = path.join(dir, "not-a-dir");
    fs.writeFileSync(blocker, "x");
    const client = await connect(path.join(blocker, "rampart.db"));
    const scan = (await client.callTool({ name: "scan_api", arguments: { url: "http://127.0.0.1:9" } })) as CallToolResult;
    expect(scan.isError).toBe(true);
    expect(text(scan)).toMatch(/^scan_api: cannot create the data directory/);
    const list = (await client.callTool({ name: "list_scans", arguments: {} })) as CallToolResult;
    expect(list.isError).toBe(true);
    const explain = (await client.callTool({ name: "explain_finding", arguments: { id: "encryption.hsts-missing" } })) as CallToolResult;
    expect(explain.isError, text(explain)).toBeFalsy();
    expect(text(explain)).toContain("[encryption.hsts-missing]");
    expect(logs).toEqual([]);
  });

  it("refuses an active scan of a public address in one line unless confirmTarget names it, before any request", async () => {
    const seen: ScanOptions[] = [];
    const client = await connect(path.join(dir, "rampart.db"), seen);
    const refusal = /^scan_api: mode "active" sends attack payloads and writes; 203\.0\.113\.10 is 203\.0\.113\.10, outside loopback and private ranges: pass the argument confirmTarget: \["203\.0\.113\.10"\] to scan it actively$/;
    const bare = (await client.callTool({ name: "scan_api", arguments: { url: "http://203.0.113.10:9", mode: "active" } })) as CallToolResult;
    expect(bare.isError).toBe(true);
    expect(text(bare)).toMatch(refusal);
    // Another host confirmed is no confirmation of this one; the argument reaches the engine as given.
    const other = (await client.callTool({ name: "scan_api", arguments: { url: "http://203.0.113.10:9", mode: "active", confirmTarget: [" staging.example.com "] } })) as CallToolResult;
    expect(other.isError).toBe(true);
    expect(text(other)).toMatch(refusal);
    // The MCP tool names its own argument, never the command-line flag.
    expect(text(bare) + text(other)).not.toContain("--confirm-target");
    expect(seen.map((o) => o.confirmTarget)).toEqual([undefined, ["staging.example.com"]]);
  });

  it("passes callbackHost to the engine, and refuses a malformed one in one line naming the argument", async () => {
    const seen: ScanOptions[] = [];
    const client = await connect(path.join(dir, "rampart.db"), seen);
    const bad = (await client.callTool({ name: "scan_api", arguments: { url: "http://127.0.0.1:9", mode: "active", callbackHost: "http://10.0.0.5/x" } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toBe("scan_api: callbackHost must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got 'http://10.0.0.5/x')");
    expect(seen).toEqual([]);
    await client.callTool({ name: "scan_api", arguments: { url: "http://127.0.0.1:9", mode: "active", callbackHost: " 10.0.0.5:8123 " } });
    expect(seen.map((o) => o.callbackHost)).toEqual(["10.0.0.5:8123"]);
  });
});
