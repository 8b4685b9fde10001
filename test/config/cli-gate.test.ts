// The CI gate through the built CLI, as a pipeline runs it: exit codes for every path (0 pass, 1 gate
// failed, 2 usage/input/target error), several formats from one run, .rampart.yml and baselines.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { startDemo, type DemoServer } from "../../src/demo/customer-api.js";
import { demoSpec } from "../../src/demo/customer-spec.js";
import { validateReport } from "../../src/report/validate.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { parseXml } from "../report/_xml.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let vulnerable: DemoServer;
let hardened: DemoServer;
let repo: string;
const ENV = { RAMPART_HOME: "" };

beforeAll(async () => {
  vulnerable = await startDemo({ hardened: false });
  hardened = await startDemo({ hardened: true });
  repo = mkdtempSync(path.join(os.tmpdir(), "rampart-gate-"));
  writeFileSync(path.join(repo, "openapi.json"), JSON.stringify(demoSpec(), null, 2));
});
afterAll(async () => {
  await vulnerable.close();
  await hardened.close();
  rmSync(repo, { recursive: true, force: true });
});

/** Runs `rampart scan` in a fresh directory under the temporary repo. */
function scanIn(dir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  mkdirSync(dir, { recursive: true });
  return runCli(["scan", ...args, "--no-store"], { cwd: dir, env: { ...ENV, ...env }, timeoutMs: 120_000 });
}

function expectUsage(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function sarifValidator() {
  const file = fileURLToPath(new URL("../report/fixtures/sarif-2.1.0-rtm.5.json", import.meta.url));
  const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe("exit codes", () => {
  it("0 when the scan completes and no gate is set, or the gate passes", async () => {
    const plain = await scanIn(path.join(repo, "e0"), [vulnerable.url, "--format", "json"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect((JSON.parse(plain.stdout) as ScanReport).grade).toBe("F");
    const strict = await scanIn(path.join(repo, "e0b"), [hardened.url, "--auth", "bearer:env:DEMO_TOKEN", "--ca", hardened.caPem ?? "", "--threshold", "A", "--fail-on", "high"], {
      DEMO_TOKEN: hardened.token,
    });
    expect(strict.code, strict.stderr).toBe(0);
  });

  it("1 when the score is under the threshold or a finding is at or above --fail-on", async () => {
    const threshold = await scanIn(path.join(repo, "e1"), [vulnerable.url, "--threshold", "70"]);
    expect(threshold.code).toBe(1);
    expect(threshold.stderr).toMatch(/gate failed: score \d+ is under the threshold 70/);
    const failOn = await scanIn(path.join(repo, "e1b"), [vulnerable.url, "--fail-on", "critical", "--format", "junit"]);
    expect(failOn.code).toBe(1);
    expect(failOn.stderr).toMatch(/finding\(s\) at or above critical/);
    // The JUnit output carries the gate as a failing case.
    const gate = parseXml(failOn.stdout).children[0]!.children.find((c) => c.attrs.name?.startsWith("gate"));
    expect(gate?.children[0]?.name).toBe("failure");
  });

  it("2 for usage, input and target errors, with one line and no stack", async () => {
    const dir = path.join(repo, "e2");
    expectUsage(await scanIn(dir, [vulnerable.url, "--format", "docx"]), /--format must be among/);
    expectUsage(await scanIn(dir, [vulnerable.url, "--format", "json,sarif"]), /several --format values need --output-dir/);
    expectUsage(await scanIn(dir, [vulnerable.url, "--output", "a.json", "--output-dir", "out"]), /--output or --output-dir, not both/);
    expectUsage(await scanIn(dir, [vulnerable.url, "--config", "nope.yml"]), /config file nope\.yml not found/);
    expectUsage(await scanIn(dir, [vulnerable.url, "--baseline", "nope.yml"]), /cannot read baseline file/);
    expectUsage(await scanIn(dir, []), /missing <url>/);
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    expectUsage(await scanIn(dir, [`http://127.0.0.1:${closed}`, "--format", "sarif"]), /cannot reach/i);
    const bad = path.join(repo, "e2-config");
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, ".rampart.yml"), `target: ${vulnerable.url}\nthreshhold: 80\n`);
    expectUsage(await scanIn(bad, []), /\.rampart\.yml: unknown key 'threshhold'/);
    writeFileSync(path.join(bad, ".rampart.yml"), `target: ${vulnerable.url}\nidentities:\n  default: bearer:sk_live_51Hxyz\n`);
    const secret = await scanIn(bad, []);
    expectUsage(secret, /credentials must be env: references/);
    expect(secret.stderr).not.toContain("sk_live_51Hxyz");
    writeFileSync(path.join(bad, "base.yml"), "ignore:\n  - check: encryption.https-unavailable\n");
    writeFileSync(path.join(bad, ".rampart.yml"), `target: ${vulnerable.url}\n`);
    expectUsage(await scanIn(bad, ["--baseline", "base.yml"]), /base\.yml: ignore\[0\]\.reason/);
  });
});

describe("formats, config and baseline", () => {
  it("writes several formats from one run into --output-dir, each valid", async () => {
    const dir = path.join(repo, "multi");
    const r = await scanIn(dir, [vulnerable.url, "--spec", path.join(repo, "openapi.json"), "--format", "json,sarif,junit,markdown,html", "--output-dir", "out"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Grade F"); // the summary for the log
    const out = path.join(dir, "out");
    const report = JSON.parse(readFileSync(path.join(out, "rampart-report.json"), "utf8")) as ScanReport;
    expect(validateReport(report)).toEqual([]);
    const sarif = JSON.parse(readFileSync(path.join(out, "rampart.sarif"), "utf8")) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0]!.results).toHaveLength(report.findings.length);
    // Findings on operations point into the spec file, relative to the working directory's repository.
    const located = sarif.runs[0]!.results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === "../openapi.json");
    expect(located.length).toBe(0); // outside the cwd: falls back to URLs
    const junit = parseXml(readFileSync(path.join(out, "rampart-junit.xml"), "utf8"));
    expect(Number(junit.attrs.failures)).toBeGreaterThan(0);
    expect(readFileSync(path.join(out, "rampart-report.md"), "utf8")).toMatch(/grade \*\*F\*\*/);
    expect(readFileSync(path.join(out, "rampart-report.html"), "utf8")).toContain("<!doctype html>");
    expect(r.stderr).toContain("reports written:");
  });

  it("locates SARIF results at the spec file line when the spec is inside the working directory", async () => {
    const r = await scanIn(repo, [vulnerable.url, "--spec", "openapi.json", "--format", "sarif"]);
    expect(r.code, r.stderr).toBe(0);
    const spec = readFileSync(path.join(repo, "openapi.json"), "utf8").split("\n");
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations?: { name: string }[] }[] }[] }[];
    };
    const inSpec = sarif.runs[0]!.results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === "openapi.json");
    expect(inSpec.length).toBeGreaterThan(0);
    for (const res of inSpec) {
      const loc = res.locations[0]!;
      const method = loc.logicalLocations![0]!.name.split(" ")[0]!.toLowerCase();
      expect(spec[loc.physicalLocation.region.startLine - 1]).toContain(`"${method}"`);
    }
  });

  it("takes settings from .rampart.yml, lets flags override them, and applies its ignore entries", async () => {
    const dir = path.join(repo, "configured");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, ".rampart.yml"),
      `target: ${vulnerable.url}\nthreshold: B\nformats: [json]\nignore:\n  - check: encryption.https-unavailable\n    reason: TLS ends at the load balancer\n`,
    );
    const fromFile = await scanIn(dir, []);
    expect(fromFile.code).toBe(1); // threshold B from the file
    const report = JSON.parse(fromFile.stdout) as ScanReport;
    expect(validateReport(report)).toEqual([]);
    expect(report.findings.map((f) => f.checkId)).not.toContain("encryption.https-unavailable");
    expect(report.suppressed).toEqual([expect.objectContaining({ checkId: "encryption.https-unavailable", reason: "TLS ends at the load balancer" })]);
    const overridden = await scanIn(dir, ["--threshold", "0"]);
    expect(overridden.code).toBe(0);
  });

  it("turns a failing gate green with rampart baseline, and red again once the entries expire", async () => {
    const dir = path.join(repo, "baseline");
    const first = await scanIn(dir, [vulnerable.url, "--format", "json", "--output", "report.json", "--fail-on", "low"]);
    expect(first.code).toBe(1);
    const b = await runCli(["baseline", "report.json", "--reason", "known, tracked in SEC-42"], { cwd: dir, env: ENV });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^\d+ findings added to \.rampart\.yml/);
    expect(readFileSync(path.join(dir, ".rampart.yml"), "utf8")).toContain("reason: known, tracked in SEC-42");
    const again = await scanIn(dir, [vulnerable.url, "--format", "json", "--fail-on", "low"]);
    expect(again.code, again.stderr).toBe(0);
    const clean = JSON.parse(again.stdout) as ScanReport;
    expect(validateReport(clean)).toEqual([]);
    expect(clean.findings).toEqual([]);
    expect(clean.suppressed.length).toBeGreaterThan(0);
    expect(clean.grade).toBe("A");
    // A second baseline run adds nothing; an expired baseline stops suppressing and says so.
    const twice = await runCli(["baseline", "report.json"], { cwd: dir, env: ENV });
    expect(twice.stdout).toMatch(/^0 findings added .*already listed/);
    const expired = readFileSync(path.join(dir, ".rampart.yml"), "utf8").replace(/reason: known, tracked in SEC-42/g, "reason: old\n    expires: 2020-01-01");
    writeFileSync(path.join(dir, "expired.yml"), expired);
    const late = await scanIn(path.join(dir, "late"), [vulnerable.url, "--format", "json", "--fail-on", "low", "--baseline", "../expired.yml"]);
    expect(late.code).toBe(1);
    const lateReport = JSON.parse(late.stdout) as ScanReport;
    expect(lateReport.errors.some((e) => e.phase === "baseline" && /expired on 2020-01-01/.test(e.message))).toBe(true);
    // Bad input to the baseline command is a one-line error.
    writeFileSync(path.join(dir, "junk.json"), "{ not json");
    expectUsage(await runCli(["baseline", "junk.json"], { cwd: dir, env: ENV }), /not JSON/);
    expectUsage(await runCli(["baseline", "report.json", "--expires", "soon"], { cwd: dir, env: ENV }), /--expires must be a date/);
    expect(existsSync(path.join(dir, "late", ".rampart.yml"))).toBe(false);
  });
});
