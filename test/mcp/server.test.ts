// Drives `rampart mcp` (the built CLI) with the SDK's own client over stdio, against a fixture API.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { BIN } from "../helpers/cli.js";
import { closedPort } from "../helpers/net.js";
import { startTarget, type Target } from "./fixtures/target.js";

const TOKEN = "mcp-bearer-7a1c9e55d0b34f";
let home: string;
let target: Target;
let client: Client;
let stderr = "";

async function call(name: string, args: Record<string, unknown>, onprogress?: (p: Progress) => void): Promise<CallToolResult> {
  const options = onprogress ? { onprogress, timeout: 120_000, resetTimeoutOnProgress: true } : { timeout: 120_000 };
  return (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
}

function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

function structured<T>(r: CallToolResult): T {
  expect(r.structuredContent).toBeDefined();
  return r.structuredContent as T;
}

interface ScanViewLike {
  scanId: string;
  target: string;
  status: string;
  grade: string | null;
  score: number | null;
  error: string | null;
  categories: { id: string; score: number }[];
  coverage: { ratio: number } | null;
  incomplete: string | null;
  findings: { id: string; checkId: string; severity: string }[];
  findingCounts: { total: number };
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-mcp-"));
  target = await startTarget();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "mcp"],
    env: { ...env, RAMPART_HOME: home, NO_COLOR: "1", MCP_TEST_TOKEN: TOKEN, MCP_EMPTY: "" },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  client = new Client({ name: "rampart-test", version: "1.0.0" });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await target?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe("rampart mcp over stdio", () => {
  let first: ScanViewLike;
  let second: ScanViewLike;

  it("lists the five tools with input schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["diff_scans", "explain_finding", "get_scan", "list_scans", "scan_api"]);
    const scanApi = tools.find((t) => t.name === "scan_api");
    expect(scanApi?.inputSchema.required).toEqual(["url"]);
    expect(Object.keys(scanApi?.inputSchema.properties ?? {}).sort()).toEqual(["auth", "callbackHost", "confirmTarget", "context", "depth", "discover", "logins", "mode", "spec", "url"]);
    expect(scanApi?.outputSchema).toBeDefined();
    expect(stderr).toContain("ready (stdio)");
  });

  it("scans the fixture API, reports progress, and returns text plus structured content", async () => {
    const progress: Progress[] = [];
    const r = await call("scan_api", { url: target.url, spec: `${target.url}/openapi.json` }, (p) => progress.push(p));
    expect(r.isError, text(r)).toBeFalsy();
    first = structured<ScanViewLike>(r);
    expect(first.status).toBe("completed");
    expect(first.target).toBe(target.url);
    expect(first.grade).toMatch(/^[ABCDF]$/);
    expect(first.categories.length).toBeGreaterThan(0);
    expect(first.coverage?.ratio).toBeGreaterThan(0);
    expect(first.incomplete).toBeNull();
    expect(text(r)).toMatch(/Coverage \d+% \(floor 70%\): \d+\/\d+ operations/);
    expect(first.findings.some((f) => f.checkId === "encryption.cookie-insecure")).toBe(true);
    expect(text(r)).toContain(`Scan ${first.scanId} of ${target.url}: grade ${first.grade}, score ${first.score}/100`);
    expect(text(r)).toContain("encryption.cookie-insecure");
    expect(progress.length).toBeGreaterThan(0);
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    expect(progress.some((p) => /scan finished: grade/.test(p.message ?? ""))).toBe(true);
  });

  it("gets the stored scan by id prefix, concisely or rendered as a JSON report", async () => {
    const r = await call("get_scan", { scan_id: first.scanId.slice(0, 12) });
    expect(r.isError, text(r)).toBeFalsy();
    expect(structured<ScanViewLike>(r)).toEqual(first);
    const rendered = await call("get_scan", { scan_id: first.scanId, format: "json" });
    const report = JSON.parse(text(rendered)) as ScanReport;
    expect(report.scanId).toBe(first.scanId);
    expect(report.findings.map((f) => f.id).sort()).toEqual(first.findings.map((f) => f.id).sort());
  });

  it("diffs the latest two scans of a target after a fix", async () => {
    target.state.fixed = true;
    const r = await call("scan_api", { url: target.url, spec: `${target.url}/openapi.json` });
    expect(r.isError, text(r)).toBeFalsy();
    second = structured<ScanViewLike>(r);
    expect(second.findings.some((f) => f.checkId === "encryption.cookie-insecure")).toBe(false);

    const d = await call("diff_scans", { target: target.url, fail_on: "low" });
    expect(d.isError, text(d)).toBeFalsy();
    const diff = structured<{
      base: { scanId: string };
      head: { scanId: string };
      resolvedFindings: { checkId: string }[];
      newFindings: unknown[];
      regressions: unknown[];
    }>(d);
    expect(diff.base.scanId).toBe(first.scanId);
    expect(diff.head.scanId).toBe(second.scanId);
    expect(diff.resolvedFindings.map((f) => f.checkId)).toContain("encryption.cookie-insecure");
    expect(diff.newFindings).toEqual([]);
    expect(diff.regressions).toEqual([]);
    expect(text(d)).toContain("Resolved findings");
    expect(text(d)).toContain("No regression at or above low.");

    const byIds = await call("diff_scans", { base: second.scanId, head: first.scanId, fail_on: "medium" });
    const reverse = structured<{ newFindings: { checkId: string }[]; regressions: { checkId: string }[] }>(byIds);
    expect(reverse.newFindings.map((f) => f.checkId)).toContain("encryption.cookie-insecure");
    expect(reverse.regressions.map((f) => f.checkId)).toContain("encryption.cookie-insecure");
  });

  it("lists stored scans newest first", async () => {
    const r = await call("list_scans", { target: target.url });
    const { scans } = structured<{ scans: { scanId: string; status: string }[] }>(r);
    expect(scans.map((s) => s.scanId)).toEqual([second.scanId, first.scanId]);
    expect(text(r)).toContain(first.scanId);
  });

  it("explains a check id and a stored finding with its evidence and fix", async () => {
    const check = await call("explain_finding", { id: "encryption.cookie-insecure", framework: "express" });
    expect(check.isError, text(check)).toBeFalsy();
    expect(text(check)).toContain("How to fix");
    expect(text(check)).toContain("HttpOnly");
    const checkView = structured<{ kind: string; stack: { framework: string }; remediation: { framework: string | null; code: string | null } }>(check);
    expect(checkView).toMatchObject({ kind: "check", stack: { framework: "express" }, remediation: { framework: "express" } });
    expect(checkView.remediation.code).toBeTruthy();
    expect(text(check)).toContain("How to fix (express)");

    // A check without stack-specific knowledge still gets the check's own advice, not a placeholder.
    const generic = await call("explain_finding", { id: "inventoryManagement.docs-exposed" });
    expect(generic.isError, text(generic)).toBeFalsy();
    expect(text(generic)).not.toContain("Review the finding's evidence and apply the fix described");

    const cookie = first.findings.find((f) => f.checkId === "encryption.cookie-insecure");
    const finding = await call("explain_finding", { id: cookie?.id ?? "" });
    expect(finding.isError, text(finding)).toBeFalsy();
    expect(text(finding)).toContain(`Finding ${cookie?.id} in scan ${first.scanId}`);
    expect(text(finding)).toContain("Set-Cookie");
    expect(structured<{ finding: { scanId: string } }>(finding).finding.scanId).toBe(first.scanId);
  });

  it("stores a bearer-authenticated scan without the token anywhere in the database files", async () => {
    const r = await call("scan_api", { url: target.url, spec: `${target.url}/openapi.json`, auth: ["bearer:env:MCP_TEST_TOKEN"] });
    expect(r.isError, text(r)).toBeFalsy();
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    const got = await call("get_scan", { scan_id: structured<ScanViewLike>(r).scanId, format: "json" });
    expect(text(got)).not.toContain(TOKEN);
    for (const file of fs.readdirSync(home)) {
      expect(fs.readFileSync(path.join(home, file)).includes(Buffer.from(TOKEN)), file).toBe(false);
    }
  });

  it("answers bad arguments with tool errors and keeps serving", async () => {
    const missingUrl = await call("scan_api", {});
    expect(missingUrl.isError).toBe(true);
    expect(text(missingUrl)).toMatch(/url/);

    const literal = await call("scan_api", { url: target.url, auth: ["bearer:sk_live_literal_secret"] });
    expect(literal.isError).toBe(true);
    expect(text(literal)).toContain("literal secrets are refused");
    expect(text(literal)).not.toContain("sk_live_literal_secret");

    const unset = await call("scan_api", { url: target.url, auth: ["header:X-Api-Key=env:MCP_EMPTY"] });
    expect(unset.isError).toBe(true);
    expect(text(unset)).toContain("MCP_EMPTY, which is not set");

    const badUrl = await call("scan_api", { url: "not a url" });
    expect(badUrl.isError).toBe(true);
    expect(text(badUrl)).toContain("not an absolute URL");

    const unknown = await call("get_scan", { scan_id: "does-not-exist" });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('no stored scan matches "does-not-exist"');

    const unknownCheck = await call("explain_finding", { id: "encryption.no-such-check" });
    expect(unknownCheck.isError).toBe(true);
    expect(text(unknownCheck)).toContain("unknown check id");

    const noPair = await call("diff_scans", { target: "http://127.0.0.1:9" });
    expect(noPair.isError).toBe(true);
    expect(text(noPair)).toContain("need two completed scans");

    const noTool = await call("no_such_tool", {});
    expect(noTool.isError).toBe(true);

    const port = await closedPort();
    const unreachable = await call("scan_api", { url: `http://127.0.0.1:${port}` });
    expect(unreachable.isError).toBe(true);
    expect(text(unreachable)).toMatch(/^scan_api: /);

    const after = await call("list_scans", { limit: 50 });
    expect(after.isError).toBeFalsy();
    const { scans } = structured<{ scans: { target: string; status: string; error: string | null }[] }>(after);
    const failed = scans.find((s) => s.target === `http://127.0.0.1:${port}`);
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toBeTruthy();
    expect(scans.filter((s) => s.status === "completed")).toHaveLength(3);
  });
});

describe("rampart mcp stdout", () => {
  it("carries only JSON-RPC messages, and a malformed line is logged to stderr without killing the server", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-mcp-raw-"));
    const child = spawn(process.execPath, [BIN, "mcp"], { env: { ...process.env, RAMPART_HOME: dir }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const replies = new Map<number, Record<string, unknown>>();
    const waiters = new Map<number, () => void>();
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      for (const line of out.split("\n").slice(0, -1)) {
        const msg = JSON.parse(line) as { id?: number };
        if (typeof msg.id === "number" && !replies.has(msg.id)) {
          replies.set(msg.id, msg);
          waiters.get(msg.id)?.();
        }
      }
    });
    const send = (msg: unknown): void => void child.stdin.write(`${typeof msg === "string" ? msg : JSON.stringify(msg)}\n`);
    const reply = (id: number) => new Promise<Record<string, unknown>>((resolve) => {
      if (replies.has(id)) resolve(replies.get(id) as Record<string, unknown>);
      else waiters.set(id, () => resolve(replies.get(id) as Record<string, unknown>));
    });
    try {
      send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
      await reply(1);
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send("this is not JSON");
      send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_scans", arguments: {} } });
      const list = await reply(2);
      expect(list).toMatchObject({ jsonrpc: "2.0", id: 2, result: { structuredContent: { scans: [] } } });
      child.stdin.end();
      expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
      const lines = out.trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
      expect(err).toContain("rampart mcp: protocol error:");
    } finally {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
