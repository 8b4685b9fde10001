// `rampart scan` stores every scan (built CLI, fixture API on 127.0.0.1, temporary RAMPART_HOME).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { openStore } from "../../src/store/index.js";
import { BIN, runCli } from "../helpers/cli.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { startTarget, type Target } from "../mcp/fixtures/target.js";

const TOKEN = "cli-bearer-5be7f0c4a9d21e";
let home: string;
let target: Target;

beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
});
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-scan-store-"));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const scanArgs = () => ["scan", target.url, "--spec", `${target.url}/openapi.json`, "--format", "json"];

// Each case spawns the CLI several times: generous bounds for a loaded 2-core machine.
describe("rampart scan with the store", { timeout: 180_000 }, () => {
  it("stores the scan under the report's id, without the bearer token anywhere in the database files", async () => {
    const r = await runCli([...scanArgs(), "--auth", "bearer:env:SCAN_TOKEN"], { env: { RAMPART_HOME: home, SCAN_TOKEN: TOKEN } });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    const store = openStore({ env: { RAMPART_HOME: home } });
    try {
      const rows = store.list();
      expect(rows.map((s) => [s.id, s.status, s.grade, s.score])).toEqual([[report.scanId, "completed", report.grade, report.score]]);
      expect(store.get(report.scanId)?.options.auth).toEqual(["bearer:env:SCAN_TOKEN"]);
    } finally {
      store.close();
    }
    for (const file of fs.readdirSync(home)) {
      expect(fs.readFileSync(path.join(home, file)).includes(Buffer.from(TOKEN)), file).toBe(false);
    }
    const results = await runCli(["results", report.scanId, "--format", "json"], { env: { RAMPART_HOME: home } });
    expect((JSON.parse(results.stdout) as ScanReport).findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
  });

  it("stores nothing with --no-store", async () => {
    const r = await runCli([...scanArgs(), "--no-store"], { env: { RAMPART_HOME: home } });
    expect(r.code, r.stderr).toBe(0);
    const history = await runCli(["history", "--format", "json"], { env: { RAMPART_HOME: home } });
    expect(JSON.parse(history.stdout)).toEqual([]);
  });

  it("records an unreachable target as a failed scan (exit 2)", async () => {
    const dead = await startServer((_req, res) => json(res, 200, {}));
    const url = dead.url;
    await dead.close();
    const r = await runCli(["scan", url], { env: { RAMPART_HOME: home } });
    expect(r.code).toBe(2);
    const history = JSON.parse((await runCli(["history", "--format", "json"], { env: { RAMPART_HOME: home } })).stdout) as {
      status: string;
      error: string;
    }[];
    expect(history).toHaveLength(1);
    expect(history[0]?.status).toBe("failed");
    expect(r.stderr).toContain(history[0]?.error ?? "<none>");
  });

  it("marks a scan stopped by SIGINT as failed", async () => {
    let hung = false;
    const slow: RunningServer = await startServer(async (req, res) => {
      if (req.url === "/openapi.json") {
        return json(res, 200, { openapi: "3.0.3", info: { title: "s", version: "1" }, paths: { "/x": { get: { responses: { "200": { description: "ok" } } } } } });
      }
      hung = true;
      await new Promise<void>((resolve) => req.socket.once("close", () => resolve()));
    });
    try {
      const child = spawn(process.execPath, [BIN, "scan", slow.url, "--spec", `${slow.url}/openapi.json`], {
        env: { ...process.env, RAMPART_HOME: home, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      // Wait (bounded) until the scan is running and a request is hanging, then interrupt it.
      for (let i = 0; i < 600 && !hung; i++) await new Promise((r) => setTimeout(r, 100));
      expect(hung).toBe(true);
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      const store = openStore({ env: { RAMPART_HOME: home } });
      try {
        const [row] = store.list();
        expect(row?.status).toBe("failed");
        expect(row?.error).toBe("interrupted by SIGINT");
      } finally {
        store.close();
      }
    } finally {
      await slow.close();
    }
  });
});
