// One self-contained HTML file a person can open, filter, read on a phone and print. Nothing is fetched:
// styles and the filter script are inline, a CSP forbids every other source, and every byte of
// target-derived text goes through escapeHtml.
import { createHash } from "node:crypto";
import { changesLine } from "./_changes.js";
import type { Finding, FingerprintItem, References, ScanReport } from "../../core/types.js";
import { SEVERITIES } from "../../core/types.js";
import { fatalError, operationLabel, placeLabels, referenceLines, transportNote } from "./_catalog.js";
import { capLine, categoryCoverage, coverageLine, gradeLabel, incompleteReasons, isIncomplete, isNotTested } from "./_coverage.js";
import { escapeHtml as e, truncate } from "./_escape.js";
import { reproduceScript } from "./_reproduce.js";
import { HTML_SCRIPT, HTML_STYLE } from "./_html-assets.js";

export interface HtmlOptions {
  /** Outcome of the CI gate, shown under the headline when given. */
  gate?: { passed: boolean; reasons: string[]; couldNotScan?: boolean };
}

const MAX_EXCERPT = 8000;

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The policy the report carries in a meta tag; the server sends it as a header too. */
export function htmlReportCsp(): string {
  const hash = createHash("sha256").update(HTML_SCRIPT).digest("base64");
  return `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

function refs(r: References): string {
  const lines = referenceLines(r);
  return lines.length ? `<p class="refs">${lines.map(e).join(" · ")}</p>` : "";
}

function findingHtml(f: Finding, report: ScanReport): string {
  const op = operationLabel(f);
  const parts = [
    `<article class="${f.severity}" data-severity="${e(f.severity)}" data-category="${e(f.category)}" id="finding-${e(f.id)}">`,
    `<h3>${e(f.title)}</h3>`,
    `<div class="meta"><span class="sev ${f.severity}">${cap(f.severity)}</span><code>${e(f.checkId)}</code>` +
      `${op ? `<code>${e(op)}</code>` : ""}<span>confidence ${e(f.confidence)}</span></div>`,
  ];
  if (f.description && f.description !== f.title) parts.push(`<p>${e(f.description)}</p>`);
  const places = placeLabels(f);
  if (places) {
    const more = places.more ? `<li>and ${places.more} more</li>` : "";
    parts.push(`<details class="places"><summary>Seen at ${places.shown.length + places.more} places</summary><ul>${places.shown.map((p) => `<li><code>${e(p)}</code></li>`).join("")}${more}</ul></details>`);
  }
  parts.push(`<h4>How to fix</h4><p>${e(f.remediation.summary)}</p>`);
  if (f.remediation.steps.length) parts.push(`<ol>${f.remediation.steps.map((s) => `<li>${e(s)}</li>`).join("")}</ol>`);
  if (f.remediation.code) parts.push(`<pre>${e(f.remediation.code)}</pre>`);
  if (f.evidence.length) {
    const items = f.evidence
      .map(
        (ev) =>
          `<div class="ev"><div class="req"><code>${e(ev.request)}</code> → ${ev.status === null ? "no status" : ev.status}` +
          `${ev.note ? ` · ${e(ev.note)}` : ""}</div><pre>${e(truncate(ev.excerpt, MAX_EXCERPT))}</pre></div>`,
      )
      .join("");
    parts.push(`<details${f.severity === "critical" || f.severity === "high" ? " open" : ""}><summary>Evidence (${f.evidence.length})</summary>${items}</details>`);
  }
  if (f.reproduce) parts.push(`<h4>Reproduce</h4><pre>${e(reproduceScript(f, report))}</pre>`);
  parts.push(refs(f.references), "</article>");
  return parts.join("\n");
}

function categoriesHtml(report: ScanReport): string {
  const rows = report.categories.map((c) =>
    isNotTested(c)
      ? `<div class="cat na"><span>${e(c.name)}</span><span>not tested: ${e(categoryCoverage(report, c.id) ?? "no check got a usable answer")}</span><b></b><span></span></div>`
      : c.applicable
      ? `<div class="cat" title="${e(categoryCoverage(report, c.id) ?? "")}"><span>${e(c.name)}</span><span class="bar" role="img" aria-label="${c.score} of 100"><i class="g-${c.grade}" style="width:${Math.max(0, Math.min(100, c.score))}%"></i></span><b>${c.score}</b><span class="n">${c.findings}</span></div>`
      : `<div class="cat na"><span>${e(c.name)}</span><span>not applicable</span><b></b><span></span></div>`,
  );
  return `<section id="categories"><h2>Categories</h2><div class="cats">${rows.join("\n")}</div></section>`;
}

function filtersHtml(report: ScanReport): string {
  const present = SEVERITIES.filter((s) => report.findings.some((f) => f.severity === s));
  const boxes = present
    .map((s) => `<label><input type="checkbox" data-filter-severity value="${s}" checked><span class="sev ${s}">${cap(s)}</span> ${report.findings.filter((f) => f.severity === s).length}</label>`)
    .join("");
  const cats = report.categories.filter((c) => report.findings.some((f) => f.category === c.id));
  const options = cats.map((c) => `<option value="${e(c.id)}">${e(c.name)}</option>`).join("");
  return (
    // Hidden until the script runs: without it (or under a stricter viewer) the controls would do nothing.
    `<div class="filters" id="filters" role="group" aria-label="Filter findings" hidden>${boxes}` +
    `<select id="filter-category" aria-label="Category"><option value="">All categories</option>${options}</select>` +
    `<span id="shown">Showing ${report.findings.length} of ${report.findings.length}</span></div>`
  );
}

function fingerprintHtml(report: ScanReport): string {
  const items: [string, FingerprintItem][] = [];
  const fp = report.fingerprint;
  if (fp.framework) items.push(["Framework", fp.framework]);
  if (fp.server) items.push(["Server", fp.server]);
  if (fp.database) items.push(["Database", fp.database]);
  for (const a of fp.auth) items.push(["Auth", a]);
  if (!items.length) return "";
  const rows = items
    .map(([k, v]) => `<tr><th>${k}</th><td>${e(v.name)}${v.version ? ` ${e(v.version)}` : ""}</td><td>${Math.round(v.confidence * 100)}%</td><td>${v.evidence.map((x) => e(truncate(x, 300))).join("<br>")}</td></tr>`)
    .join("");
  return `<section id="fingerprint"><h2>Fingerprint</h2><table><thead><tr><th>What</th><th>Name</th><th>Confidence</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function listsHtml(report: ScanReport): string {
  const out: string[] = [];
  if (report.suppressed.length) {
    const rows = report.suppressed.map((s) => `<tr><td><code>${e(s.findingId)}</code></td><td>${s.checkId ? `<code>${e(s.checkId)}</code>` : ""}</td><td>${e(s.reason)}</td><td>${s.expires ? e(s.expires) : ""}</td></tr>`);
    out.push(`<section id="suppressed"><h2>Suppressed by baseline (${report.suppressed.length})</h2><table><thead><tr><th>Finding</th><th>Check</th><th>Reason</th><th>Expires</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`);
  }
  if (report.errors.length) {
    const rows = report.errors.map((x) => `<tr><td><code>${e(x.phase)}</code></td><td>${x.checkId ? `<code>${e(x.checkId)}</code>` : ""}</td><td>${e(x.message)}</td></tr>`);
    out.push(`<section id="errors"><h2>Errors during the scan (${report.errors.length})</h2><table><thead><tr><th>Phase</th><th>Check</th><th>Message</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`);
  }
  if (report.changes?.length) {
    const rows = report.changes.map(
      (c) =>
        `<tr><td>${c.id}</td><td><code>${e(c.checkId)}</code></td><td><code>${e(c.method)} ${e(truncate(c.url, 300))}</code></td><td>${c.status ?? ""} ${e(c.outcome)}</td><td>${c.created ? e(c.created.location ?? `id ${c.created.id ?? "?"}`) : ""}</td><td>${e(c.undo.state)}${c.undo.request ? `<br><code>${e(truncate(c.undo.request, 300))}</code> → ${c.undo.status ?? "no answer"}` : ""}${c.undo.note ? `<br>${e(c.undo.note)}` : ""}</td></tr>`,
    );
    out.push(`<section id="changes"><h2>${e(changesLine(report) ?? "Changes")}</h2><table><thead><tr><th>#</th><th>Check</th><th>Request</th><th>Outcome</th><th>Created</th><th>Undone</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`);
  }
  const observations = report.observations ?? [];
  if (observations.length) {
    const rows = observations.map((o) => `<tr><td><code>${e(o.checkId)}</code></td><td>${e(o.message)}</td></tr>`);
    out.push(`<section id="observations"><h2>Observations, not findings: no score effect (${observations.length})</h2><table><thead><tr><th>Check</th><th>What the target did</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`);
  }
  const skippedOps = report.skipped.operations;
  const notTested = report.coverage?.notTested ?? [];
  if (notTested.length) {
    const rows = notTested.map((n) => `<tr><td><code>${e(n.checkId)}</code></td><td>${e(n.reason)}</td></tr>`);
    out.push(`<section id="not-tested"><h2>Not tested: every probe failed (${notTested.length})</h2><table><thead><tr><th>Check</th><th>Why</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`);
  }
  const skippedChecks = report.skipped.checks;
  if (skippedOps.length || skippedChecks.length) {
    const rows = [
      ...skippedChecks.map((s) => `<tr><td><code>${e(s.checkId)}</code></td><td>${s.partial ? "partly: " : ""}${e(s.reason)}</td></tr>`),
      ...skippedOps.map((s) => `<tr><td><code>${e(`${s.method} ${s.path}`)}</code></td><td>${e(s.reason)}</td></tr>`),
    ];
    out.push(`<section id="skipped"><h2>Not tested (${rows.length})</h2><table><thead><tr><th>Check or operation</th><th>Why</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`);
  }
  return out.join("\n");
}

export function renderHtml(report: ScanReport, opts: HtmlOptions = {}): string {
  const fatal = fatalError(report);
  const stats: [string, string][] = [
    ["score", `${report.score}/100`],
    ["findings", String(report.findings.length)],
    ["requests", String(report.requests.sent)],
    ["duration", `${(report.durationMs / 1000).toFixed(1)} s`],
    ["mode", String(report.options["mode"] ?? "safe")],
  ];
  const notes: string[] = [];
  if (fatal) notes.push(`<section id="fatal"><h2>The scan could not run</h2><p>${e(fatal.message)}</p></section>`);
  if (opts.gate) {
    const reasons = opts.gate.reasons.length ? `: ${opts.gate.reasons.map(e).join("; ")}` : "";
    const verdict = opts.gate.passed ? "Gate passed" : opts.gate.couldNotScan ? "Could not scan" : "Gate failed";
    notes.push(`<p class="note ${opts.gate.passed ? "pass" : "fail"}"><b>${verdict}</b>${reasons}</p>`);
  }
  const incomplete = incompleteReasons(report);
  if (incomplete.length) {
    notes.push(`<section id="incomplete" class="note fail"><b>Incomplete scan: the grade is not to be trusted.</b><ul>${incomplete.map((r) => `<li>${e(r)}</li>`).join("")}</ul></section>`);
  }
  const cap = capLine(report);
  if (cap) notes.push(`<p class="note">${e(cap)}</p>`);
  const coverage = coverageLine(report);
  if (coverage) notes.push(`<p class="note" id="coverage">${e(coverage)}</p>`);
  if (report.requests.incomplete) notes.push(`<p class="note fail">Incomplete: ${e(report.requests.incomplete)}</p>`);
  const transport = transportNote(report);
  if (transport) notes.push(`<p class="note">${e(transport)}</p>`);
  const findings = report.findings.length
    ? `${filtersHtml(report)}\n${report.findings.map((f) => findingHtml(f, report)).join("\n")}`
    : `<p class="empty">${fatal ? "No findings: nothing was tested." : "No findings."}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(htmlReportCsp())}">
<meta name="referrer" content="no-referrer">
<title>Rampart report: ${e(report.target.host)} — grade ${e(gradeLabel(report))}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<div class="wrap">
<header class="top">
<div class="grade g-${report.grade}${isIncomplete(report) ? " incomplete" : ""}" aria-label="Grade ${e(gradeLabel(report))}">${report.grade}${isIncomplete(report) ? "<small>incomplete</small>" : ""}</div>
<div class="headline"><h1>Rampart API security report</h1>
<p><code>${e(report.target.url)}</code>${report.target.specUrl ? ` · spec <code>${e(report.target.specUrl)}</code>` : report.target.specRejected ? ` · spec rejected: <code>${e(report.target.specRejected)}</code>` : ""}</p>
<p>${e(report.startedAt)}${typeof report.options["context"] === "string" ? ` · context ${e(report.options["context"])}` : ""}</p></div>
</header>
<div class="stats">${stats.map(([k, v]) => `<div class="stat"><b>${e(v)}</b><span>${k}</span></div>`).join("")}</div>
${notes.join("\n")}
${categoriesHtml(report)}
<section id="findings"><h2>Findings</h2>
${findings}
</section>
${fingerprintHtml(report)}
${listsHtml(report)}
<footer>Rampart ${e(report.tool.version)} · rubric v${e(report.tool.rubricVersion)} · scan <code>${e(report.scanId)}</code></footer>
</div>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
