// JUnit XML for CI test views: a suite per category, a case per check, failing where the check found
// something. A scan that could not run is one <error> case, never a wall of passing or failing checks.
import type { CheckMeta } from "../../core/check.js";
import type { Finding, ScanReport } from "../../core/types.js";
import { SEVERITY_ORDER } from "../../scoring/rubric.js";
import { defaultCatalog, fatalError, operationLabel, placeLabels, rulesFor } from "./_catalog.js";
import { categoryCoverage, coverageLine, gradeLabel, incompleteReasons, isNotTested } from "./_coverage.js";
import type { RuleInfo } from "./_catalog.js";
import { escapeXml, escapeXmlAttr, oneLineText, stripControl, truncate } from "./_escape.js";
import { variablesFor } from "./_reproduce.js";

export interface JunitOptions {
  /** Check metadata the cases come from; defaults to the registry. */
  catalog?: readonly CheckMeta[];
  /** Outcome of the CI gate, shown as its own case when given. */
  gate?: { passed: boolean; reasons: string[]; couldNotScan?: boolean };
}

interface Case {
  name: string;
  classname: string;
  outcome: { kind: "failure" | "error" | "skipped"; type?: string; message: string; body?: string } | null;
}

const MAX_BODY = 20_000;

function findingText(f: Finding, report: ScanReport): string {
  const op = operationLabel(f);
  const lines = [`[${f.severity}/${f.confidence}] ${oneLineText(f.title)}${op ? ` — ${oneLineText(op)}` : ""} (id ${f.id})`];
  const places = placeLabels(f, 10);
  if (places) lines.push(`  seen at: ${places.shown.map(oneLineText).join(", ")}${places.more ? ` and ${places.more} more` : ""}`);
  for (const e of f.evidence.slice(0, 3)) {
    lines.push(`  evidence: ${oneLineText(e.request)} → ${e.status ?? "no status"}: ${truncate(oneLineText(e.excerpt), 300)}`);
  }
  if (f.reproduce) {
    lines.push(`  reproduce: ${oneLineText(f.reproduce)}`);
    for (const v of variablesFor(f, report)) lines.push(`    $${v.variable}: ${oneLineText(v.holds)}${v.set ? `; set with: ${oneLineText(v.set)}` : ""}`);
  }
  lines.push(`  fix: ${oneLineText(f.remediation.summary)}`);
  return lines.join("\n");
}

function checkCase(rule: RuleInfo, report: ScanReport): Case {
  const classname = `rampart.${rule.category}`;
  const name = `${rule.id}: ${oneLineText(rule.title)}`;
  const found = report.findings.filter((f) => f.checkId === rule.id);
  if (found.length > 0) {
    const worst = found.reduce((a, b) => (SEVERITY_ORDER[b.severity] < SEVERITY_ORDER[a.severity] ? b : a));
    const first = found[0]!;
    const head = `${found.length} finding${found.length > 1 ? "s" : ""}, worst ${worst.severity}: ${oneLineText(first.title)}${operationLabel(first) ? ` on ${operationLabel(first)}` : ""}`;
    return {
      name,
      classname,
      outcome: { kind: "failure", type: worst.severity, message: truncate(head, 500), body: truncate(found.map((f) => findingText(f, report)).join("\n\n"), MAX_BODY) },
    };
  }
  const errored = report.errors.filter((e) => e.checkId === rule.id);
  if (errored.length > 0) {
    const message = errored.map((e) => `${e.phase}: ${oneLineText(e.message)}`).join("; ");
    return { name, classname, outcome: { kind: "error", type: "check-error", message: truncate(message, 500), body: message } };
  }
  const untested = report.coverage?.notTested.find((n) => n.checkId === rule.id);
  if (untested) return { name, classname, outcome: { kind: "skipped", message: `not tested: ${oneLineText(untested.reason)}` } };
  const skipped = report.skipped.checks.find((s) => s.checkId === rule.id && !s.partial);
  if (skipped) return { name, classname, outcome: { kind: "skipped", message: oneLineText(skipped.reason) } };
  const category = report.categories.find((c) => c.id === rule.category);
  if (category && !category.applicable) {
    return { name, classname, outcome: { kind: "skipped", message: `not applicable: nothing in ${category.name} to test` } };
  }
  return { name, classname, outcome: null };
}

function caseXml(c: Case): string {
  const open = `    <testcase classname="${escapeXmlAttr(c.classname)}" name="${escapeXmlAttr(c.name)}" time="0"`;
  if (!c.outcome) return `${open}/>`;
  const o = c.outcome;
  const attrs = `message="${escapeXmlAttr(o.message)}"${o.type ? ` type="${escapeXmlAttr(o.type)}"` : ""}`;
  const inner = o.body ? `<${o.kind} ${attrs}>${escapeXml(stripControl(o.body))}</${o.kind}>` : `<${o.kind} ${attrs}/>`;
  return `${open}>\n      ${inner}\n    </testcase>`;
}

function suiteXml(name: string, cases: Case[], report: ScanReport, properties: [string, string][] = []): string {
  const count = (k: string) => cases.filter((c) => c.outcome?.kind === k).length;
  const props = properties.length
    ? `    <properties>\n${properties.map(([k, v]) => `      <property name="${escapeXmlAttr(k)}" value="${escapeXmlAttr(v)}"/>`).join("\n")}\n    </properties>\n`
    : "";
  return (
    `  <testsuite name="${escapeXmlAttr(name)}" tests="${cases.length}" failures="${count("failure")}" errors="${count("error")}" ` +
    `skipped="${count("skipped")}" time="0" timestamp="${escapeXmlAttr(report.startedAt.replace(/Z$/, ""))}" hostname="${escapeXmlAttr(report.target.host)}">\n` +
    props +
    cases.map(caseXml).join("\n") +
    (cases.length ? "\n" : "") +
    "  </testsuite>"
  );
}

export function renderJunit(report: ScanReport, opts: JunitOptions = {}): string {
  const fatal = fatalError(report);
  const incomplete = incompleteReasons(report);
  const scanCase: Case = {
    name: `scan ${oneLineText(report.target.url)}`,
    classname: "rampart.scan",
    outcome: fatal
      ? { kind: "error", type: fatal.phase, message: truncate(`scan could not run: ${oneLineText(fatal.message)}`, 500), body: report.errors.map((e) => `${e.phase}: ${oneLineText(e.message)}`).join("\n") }
      : incomplete.length
        ? { kind: "error", type: "incomplete", message: truncate(`scan incomplete: ${incomplete.map(oneLineText).join("; ")}`, 500), body: [...incomplete, coverageLine(report) ?? ""].join("\n") }
        : null,
  };
  const scanCases = [scanCase];
  if (opts.gate && !fatal) {
    scanCases.push({
      name: "gate (threshold and fail-on)",
      classname: "rampart.scan",
      outcome: opts.gate.passed ? null : { kind: "failure", type: "gate", message: truncate(opts.gate.reasons.map(oneLineText).join("; "), 500), body: opts.gate.reasons.join("\n") },
    });
  }
  const props: [string, string][] = [
    ["target", report.target.url],
    ["scanId", report.scanId],
    ["score", String(report.score)],
    ["grade", gradeLabel(report)],
    ["requests", String(report.requests.sent)],
    ...(report.coverage ? ([["coverage", String(report.coverage.ratio)], ["coverageFloor", String(report.coverage.floor)]] as [string, string][]) : []),
    ["incomplete", String(incomplete.length > 0)],
    ...(report.cap.applied && typeof report.cap.uncapped === "number" ? ([["uncappedScore", String(report.cap.uncapped)], ["cappedBy", report.cap.checkId ?? ""]] as [string, string][]) : []),
    ["suppressed", String(report.suppressed.length)],
  ];
  const suites = [suiteXml("rampart.scan", scanCases, report, props)];
  const allCases = [...scanCases];
  if (!fatal) {
    const rules = rulesFor(report, opts.catalog ?? defaultCatalog());
    for (const category of report.categories) {
      const cases = rules.filter((r) => r.category === category.id).map((r) => checkCase(r, report));
      if (!cases.length) continue;
      allCases.push(...cases);
      const covered = categoryCoverage(report, category.id);
      const catProps: [string, string][] = isNotTested(category) ? [["score", "not tested"]] : [["score", String(category.score)], ["grade", category.grade]];
      if (covered) catProps.push(["coverage", covered]);
      suites.push(suiteXml(`rampart.${category.id}`, cases, report, catProps));
    }
  }
  const count = (k: string) => allCases.filter((c) => c.outcome?.kind === k).length;
  const all = suites.join("\n");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="Rampart API security scan" tests="${allCases.length}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}" time="${(report.durationMs / 1000).toFixed(3)}">\n` +
    `${all}\n</testsuites>\n`
  );
}
