// The PDF report: rendered in-process, then read back as text with pdftotext (poppler-utils, installed by
// .ci/run) — the text must be selectable and carry cover, summary, categories, findings with evidence and
// fixes, the compliance mapping and the scan metadata. Also through the CLI: `results <id> --format pdf`.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { complianceRows } from "../../src/report/pdf/compliance.js";
import { pdfDocument } from "../../src/report/pdf/document.js";
import { openStore } from "../../src/store/index.js";
import { renderPdf } from "../../src/surfaces/report-pdf.js";
import { runCli } from "../helpers/cli.js";
import { cleanReport, HOSTILE, sampleReport } from "./fixtures/sample-report.js";

const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!hasPdftotext && process.env["RAMPART_REQUIRE_TOOLS"]) throw new Error("pdftotext (poppler-utils) is required here");
if (!hasPdftotext) console.warn("skipping PDF text checks: pdftotext (poppler-utils) is not installed");

let dir: string;
beforeAll(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-pdf-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Renders and extracts the text; whitespace collapsed so wrapped lines still match. */
async function pdfText(report: ScanReport, name: string): Promise<{ text: string; bytes: Buffer }> {
  const bytes = await renderPdf(report);
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  return { text: text.replace(/\s+/g, " "), bytes };
}

describe("PDF report document", () => {
  it("maps each finding to the OWASP API, PCI DSS and SOC 2 controls it carries, in control order", () => {
    const rows = complianceRows(sampleReport.findings);
    const frameworks = new Set(rows.map((r) => r.framework));
    expect(frameworks.has("owaspApi2023")).toBe(true);
    const api = rows.filter((r) => r.framework === "owaspApi2023").map((r) => r.control.split(" ")[0]);
    expect(api).toEqual([...api].sort((a, b) => (a ?? "").localeCompare(b ?? "", "en", { numeric: true })));
    for (const r of rows) {
      for (const f of r.findings) {
        const finding = sampleReport.findings[f.index - 1];
        expect(finding?.title).toBe(f.title);
        expect(Object.values(finding?.references ?? {}).flat().map(String)).toContain(r.control.split(" ")[0]);
      }
    }
  });

  it("keeps target-derived text free of control characters and bounded", () => {
    const long = { ...sampleReport, target: { ...sampleReport.target, url: `http://127.0.0.1/${"a".repeat(5000)}\u0007` } };
    const json = JSON.stringify(pdfDocument(long));
    expect(json).not.toMatch(/\\u0007|\\u001b/);
    expect(json).not.toContain("a".repeat(1000));
  });
});

describe.skipIf(!hasPdftotext)("PDF report text", () => {
  it("has cover, summary, categories, findings with evidence, reproduce and fix, compliance and metadata", async () => {
    const { text, bytes } = await pdfText(sampleReport, "sample");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(text).toContain("API security assessment");
    expect(text).toContain(sampleReport.target.url);
    expect(text).toContain(`Score ${sampleReport.score} / 100`);
    expect(text).toContain("Executive summary");
    for (const c of sampleReport.categories) expect(text).toContain(c.name);
    for (const f of sampleReport.findings) expect(text).toContain(f.title.replace(/\s+/g, " ").slice(0, 40));
    const withFix = sampleReport.findings.find((f) => f.remediation.steps.length > 0);
    expect(text).toContain(withFix?.remediation.steps[0]);
    const reproduced = sampleReport.findings.find((f) => f.reproduce);
    if (reproduced?.reproduce) expect(text).toContain(reproduced.reproduce.slice(0, 30));
    expect(text).toContain("OWASP API Security Top 10 (2023)");
    expect(text).toContain("PCI DSS 4.0");
    expect(text).toContain("SOC 2");
    expect(text).toContain("API2 Broken Authentication");
    expect(text).toContain("Scan metadata");
    expect(text).toContain(`rampart ${sampleReport.tool.version}`);
    expect(text).toContain(`${sampleReport.requests.sent} sent`);
    // Hostile evidence is printed as inert text, never lost or interpreted.
    expect(text).toContain("onerror=alert(1)");
    expect(text).not.toContain("\u001b");
    expect(HOSTILE).toContain("onerror=alert(1)");
  });

  it("lists observations in the metadata, apart from findings, and no such row without them", () => {
    const message = "the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/k but refused the token (401)";
    const doc = JSON.stringify(pdfDocument({ ...sampleReport, observations: [{ checkId: "authentication.jwt-header-key-injection", message }] }));
    expect(doc).toContain(JSON.stringify(`authentication.jwt-header-key-injection: ${message}`));
    expect(JSON.stringify(pdfDocument(sampleReport))).not.toContain('"Observations"');
  });

  it("says so when there is nothing to report", async () => {
    const { text } = await pdfText(cleanReport, "clean");
    expect(text).toContain("No findings");
    expect(text).toContain(`Score ${cleanReport.score} / 100`);
  });
});

describe("rampart results --format pdf", { timeout: 120_000 }, () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-pdf-home-"));
    const store = openStore({ env: { RAMPART_HOME: home } });
    store.completeScan({ ...sampleReport, scanId: "0pdf-sample" });
    store.close();
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it("writes a PDF of a stored scan", async () => {
    const out = path.join(home, "report.pdf");
    const r = await runCli(["results", "0pdf", "--format", "pdf", "-o", out], { env: { RAMPART_HOME: home } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    if (hasPdftotext) expect(execFileSync("pdftotext", [out, "-"], { encoding: "utf8" })).toContain(sampleReport.target.url);
  });

  it("refuses to write a PDF to the terminal, in one line", async () => {
    const r = await runCli(["results", "0pdf", "--format", "pdf"], { env: { RAMPART_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("-o report.pdf");
  });
});
