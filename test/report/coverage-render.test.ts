// Every renderer says how much a scan saw: coverage, "incomplete" next to the grade, checks not tested,
// and the uncapped score with the finding that capped it. Real scans of fixture servers on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { scan } from "../../src/engine/scan.js";
import { evaluateGate, gateExitCode } from "../../src/report/gate.js";
import { pdfDocument } from "../../src/report/pdf/document.js";
import { renderers } from "../../src/report/renderers/index.js";
import { startBroken, startHealthy } from "../engine/_coverage-apps.js";
import type { RunningServer } from "../helpers/fixture-server.js";
import { parseXml } from "./_xml.js";

let broken: RunningServer;
let healthy: RunningServer;
let incomplete: ScanReport;
let complete: ScanReport;

beforeAll(async () => {
  broken = await startBroken();
  healthy = await startHealthy();
  // Plain HTTP on loopback: the high "not available over HTTPS" finding caps both scores at 79.
  incomplete = await scan({ target: broken.url, spec: `${broken.url}/openapi.json`, timeoutMs: 3000 });
  complete = await scan({ target: healthy.url, spec: `${healthy.url}/openapi.json`, timeoutMs: 3000 });
}, 60_000);
afterAll(async () => {
  await broken.close();
  await healthy.close();
});

const all = (r: ScanReport) => JSON.stringify(pdfDocument(r, { gate: evaluateGate(r, { threshold: "C" }) }));

describe("coverage in every renderer", () => {
  it("the scans under test: one incomplete, one complete, both capped", () => {
    expect(incomplete.incomplete?.length).toBeGreaterThan(0);
    expect(complete.incomplete).toBeNull();
    for (const r of [incomplete, complete]) {
      expect(r.cap).toMatchObject({ applied: true, limit: 79, checkId: "encryption.https-unavailable" });
      expect(r.cap.uncapped).toBeGreaterThan(79);
      expect(r.cap.findingId).toBe(r.findings.find((f) => f.checkId === "encryption.https-unavailable")?.id);
    }
  });

  it("the gate of an incomplete scan is 'could not scan', exit 2, even with a threshold it would meet", () => {
    const gate = evaluateGate(incomplete, { threshold: 0 });
    expect(gate).toMatchObject({ passed: false, couldNotScan: true });
    expect(gateExitCode(gate)).toBe(2);
    expect(gateExitCode(evaluateGate(complete, { threshold: 0 }))).toBe(0);
    expect(gateExitCode(evaluateGate(complete, { threshold: "A" }))).toBe(1);
  });

  it("summary and table: grade with 'incomplete', coverage, uncapped score and its finding", () => {
    for (const format of ["summary", "table"] as const) {
      const text = renderers[format](incomplete, { color: false });
      expect(text, format).toMatch(/Grade [A-F] \(incomplete\)/);
      expect(text, format).toMatch(/Coverage 0% \(floor 70%\): 0\/12 operations/);
      expect(text, format).toContain(`${incomplete.cap.uncapped} uncapped`);
      expect(text, format).toContain("encryption.https-unavailable");
      const clean = renderers[format](complete, { color: false });
      expect(clean, format).not.toContain("incomplete");
      expect(clean, format).toContain(`${complete.cap.uncapped} uncapped`);
    }
    expect(renderers.summary(incomplete, { color: false })).toMatch(/check\(s\) not tested \(every probe failed\)/);
  });

  it("markdown and html: incomplete warning, could-not-scan gate, coverage column, not-tested checks", () => {
    const gate = evaluateGate(incomplete, { threshold: "C" });
    const md = renderers.markdown(incomplete, { color: false, gate });
    expect(md).toMatch(/grade \*\*[A-F] \(incomplete\)\*\*/);
    expect(md).toContain("**Could not scan:** scan incomplete: coverage 0%");
    expect(md).toContain("| Category | Score | Grade | Findings | Coverage |");
    expect(md).toContain("check(s) not tested: every probe failed");
    expect(md).toContain(`${incomplete.cap.uncapped} uncapped`);
    const html = renderers.html(incomplete, { color: false, gate });
    expect(html).toContain("<small>incomplete</small>");
    expect(html).toContain("Incomplete scan: the grade is not to be trusted.");
    expect(html).toContain("<b>Could not scan</b>");
    expect(html).toContain('id="not-tested"');
    expect(html).toContain(`${incomplete.cap.uncapped} uncapped`);
    expect(renderers.html(complete, { color: false })).not.toContain("<small>incomplete</small>");
  });

  it("sarif carries coverage and incomplete in run properties and an error notification", () => {
    interface SarifRun {
      properties: { incomplete: unknown; coverage: { ratio: number }; cap: { uncapped: number } };
      invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    }
    const run = (JSON.parse(renderers.sarif(incomplete, { color: false })) as { runs: SarifRun[] }).runs[0]!;
    expect(run.properties.incomplete).toEqual(incomplete.incomplete);
    expect(run.properties.coverage.ratio).toBe(0);
    expect(run.properties.cap.uncapped).toBe(incomplete.cap.uncapped);
    const notes = run.invocations[0]!.toolExecutionNotifications;
    expect(notes.some((n) => n.level === "error" && n.message.text.startsWith("scan incomplete (below-coverage-floor)"))).toBe(true);
  });

  it("junit: the scan case errors as incomplete, checks whose probes all failed are skipped as not tested", () => {
    const doc = parseXml(renderers.junit(incomplete, { color: false }));
    const scanSuite = doc.children.find((s) => s.attrs.name === "rampart.scan")!;
    const scanCase = scanSuite.children.find((c) => c.name === "testcase")!;
    expect(scanCase.children[0]?.name).toBe("error");
    expect(scanCase.children[0]?.attrs.type).toBe("incomplete");
    const props = scanSuite.children.find((c) => c.name === "properties")!.children.map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toContainEqual(["incomplete", "true"]);
    expect(props).toContainEqual(["uncappedScore", String(incomplete.cap.uncapped)]);
    const untested = incomplete.coverage!.notTested[0]!.checkId;
    const testcases = doc.children.flatMap((s) => s.children.filter((c) => c.name === "testcase"));
    const c = testcases.find((t) => t.attrs.name?.startsWith(`${untested}:`));
    expect(c?.children[0]?.name).toBe("skipped");
    expect(c?.children[0]?.attrs.message).toMatch(/^not tested: no usable answer/);
  });

  it("pdf: the cover says incomplete next to the grade and shows coverage and the uncapped score", () => {
    const text = all(incomplete);
    expect(text).toContain("grade (incomplete)");
    expect(text).toContain("Incomplete scan, the grade is not to be trusted");
    expect(text).toContain("Coverage 0% (floor 70%)");
    expect(text).toContain(`${incomplete.cap.uncapped} uncapped`);
    expect(text).toContain("Could not scan");
    expect(all(complete)).not.toContain("incomplete");
  });
});
