// history, results and diff through the built CLI, over a store seeded in a temporary RAMPART_HOME.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import type { ScanDiff } from "../../src/diff/index.js";
import { openStore } from "../../src/store/index.js";
import type { ScanSummary } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";
import { makeReport } from "./fixtures/report.js";

const TARGET = "http://127.0.0.1:8000";
let home: string;
const cli = (args: string[]) => runCli(args, { env: { RAMPART_HOME: home } });

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-cli-store-"));
  const store = openStore({ env: { RAMPART_HOME: home } });
  store.completeScan(
    makeReport({
      scanId: "0aaa-before",
      target: TARGET,
      startedAt: "2025-03-01T10:00:00.000Z",
      score: 81,
      grade: "B",
      categoryScores: { encryption: 70 },
      findings: [
        { id: "f-stays", category: "encryption", severity: "medium" },
        { id: "f-fixed", category: "encryption", severity: "low" },
      ],
    }),
  );
  store.completeScan(
    makeReport({
      scanId: "0bbb-after",
      target: `${TARGET}/`,
      startedAt: "2025-03-02T10:00:00.000Z",
      score: 55,
      grade: "F",
      categoryScores: { encryption: 40 },
      findings: [
        { id: "f-stays", category: "encryption", severity: "medium" },
        { id: "f-new", category: "encryption", severity: "high", title: "New high finding" },
      ],
    }),
  );
  store.completeScan(makeReport({ scanId: "0ccc-other", target: "http://127.0.0.1:9000", startedAt: "2025-03-03T10:00:00.000Z" }));
  store.beginScan({ scanId: "0ddd-failed", target: TARGET, startedAt: "2025-03-04T10:00:00.000Z" });
  store.failScan("0ddd-failed", "cannot connect to 127.0.0.1:8000");
  store.close();
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

// Each case spawns the CLI several times: generous bounds for a loaded 2-core machine.
describe("rampart history", { timeout: 180_000 }, () => {
  it("prints a table, newest first, with date, id, target, grade, score and findings", async () => {
    const r = await cli(["history"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^DATE \(UTC\)\s+SCAN ID\s+TARGET\s+GRADE\s+SCORE\s+FINDINGS$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[1])).toEqual(["0ddd-failed", "0ccc-other", "0bbb-after", "0aaa-before"]);
    expect(lines[1]).toContain("failed: cannot connect to 127.0.0.1:8000");
    expect(lines[3]).toMatch(/^2025-03-02 10:00\s+0bbb-after\s+http:\/\/127\.0\.0\.1:8000\/\s+F\s+55\s+2 \(1 high, 1 medium\)$/);
  });

  it("filters by target and limits, as JSON", async () => {
    const r = await cli(["history", "--target", TARGET, "--limit", "2", "--format", "json"]);
    expect(r.code).toBe(0);
    const scans = JSON.parse(r.stdout) as ScanSummary[];
    expect(scans.map((s) => s.id)).toEqual(["0ddd-failed", "0bbb-after"]);
    expect(scans[1]?.findings).toEqual({ critical: 0, high: 1, medium: 1, low: 0, info: 0, total: 2 });
  });

  it("rejects a bad limit or format with exit 2", async () => {
    expect((await cli(["history", "--limit", "0"])).code).toBe(2);
    const bad = await cli(["history", "--format", "xml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format must be one of table, json");
  });

  it("says where it looked when nothing is stored", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-cli-empty-"));
    try {
      const r = await runCli(["history"], { env: { RAMPART_HOME: empty } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`No stored scans (database: ${path.join(empty, "rampart.db")})`);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("rampart results", { timeout: 180_000 }, () => {
  it("re-renders a stored scan by id prefix in JSON and to a file", async () => {
    const r = await cli(["results", "0bbb", "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.scanId).toBe("0bbb-after");
    expect(report.findings.map((f) => f.id)).toEqual(["f-stays", "f-new"]);

    const sarif = await cli(["results", "0bbb", "--format", "sarif"]);
    expect(sarif.code).toBe(0);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.results).toHaveLength(2);

    const out = path.join(home, "report.txt");
    const w = await cli(["results", "0aaa-before", "--format", "summary", "--output", out]);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe("");
    expect(fs.readFileSync(out, "utf8")).toContain("Grade B");
  });

  it("fails with exit 2 and one line for unknown, ambiguous, failed scans and bad formats", async () => {
    const unknown = await cli(["results", "zzz"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("rampart: no stored scan matches 'zzz' (see rampart history)");
    const ambiguous = await cli(["results", "0"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("ambiguous");
    const failed = await cli(["results", "0ddd"]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("scan 0ddd-failed failed: cannot connect to 127.0.0.1:8000; it has no report");
    const format = await cli(["results", "0bbb", "--format", "docx"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be among");
  });
});

describe("rampart diff", { timeout: 180_000 }, () => {
  it("compares two scans by id as text", async () => {
    const r = await cli(["diff", "0aaa", "0bbb"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Rampart diff 0aaa-before → 0bbb-after");
    expect(r.stdout).toContain("Score   81 → 55 (-26)");
    expect(r.stdout).toContain("Grade   B → F (worse)");
    expect(r.stdout).toMatch(/New findings \(1\)\n {2}HIGH\s+encryption\.hsts-missing {2}GET \/users {2}New high finding/);
    expect(r.stdout).toContain("Resolved findings (1)");
  });

  it("compares the latest two completed scans of a target as JSON and gates with --fail-on", async () => {
    const r = await cli(["diff", "--target", TARGET, "--format", "json", "--fail-on", "high"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("rampart: diff gate failed: 1 new finding(s) at or above high");
    const diff = JSON.parse(r.stdout) as ScanDiff;
    expect([diff.base.scanId, diff.head.scanId]).toEqual(["0aaa-before", "0bbb-after"]);
    expect(diff.newFindings.map((f) => f.id)).toEqual(["f-new"]);
    expect(diff.resolvedFindings.map((f) => f.id)).toEqual(["f-fixed"]);
    expect(diff.categories.find((c) => c.id === "encryption")).toMatchObject({ scoreFrom: 70, scoreTo: 40, delta: -30 });

    const pass = await cli(["diff", "--target", TARGET, "--fail-on", "critical"]);
    expect(pass.code).toBe(0);
    expect(pass.stderr).toBe("");
  });

  it("refuses incomplete or contradictory arguments with exit 2", async () => {
    for (const args of [["diff"], ["diff", "0aaa"], ["diff", "0aaa", "0bbb", "--target", TARGET], ["diff", "--target", "http://127.0.0.1:9000"]]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    const failed = await cli(["diff", "0aaa", "0ddd"]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("head scan 0ddd-failed is failed");
  });
});
