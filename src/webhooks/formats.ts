// What a delivery looks like in each format. The generic JSON format is the event itself; Slack, Teams and
// e-mail get the same change summary (a headline and a few lines) rendered for where people read it.
import type { RampartEvent } from "../monitor/events.js";
import type { WebhookFormat } from "./endpoints.js";

/** Headline per event type; `{target}` is the API. */
const HEADLINES: Record<string, string> = {
  "scan.completed": "Scan completed for {target}",
  "scan.failed": "Scan failed for {target}",
  "finding.new": "New finding on {target}",
  "finding.resolved": "Finding resolved on {target}",
  "grade.changed": "Grade changed for {target}",
  "certificate.expiring": "Certificate expiring on {target}",
  "target.unreachable": "{target} is unreachable",
  "target.recovered": "{target} is reachable again",
};

/** Data fields rendered as "label: value" when present (in this order); anything else is left to the JSON. */
const FIELDS: readonly { keys: readonly string[]; label: string }[] = [
  { keys: ["grade"], label: "Grade" },
  { keys: ["score"], label: "Score" },
  { keys: ["daysLeft", "daysRemaining"], label: "Days left" },
  { keys: ["expiresAt", "notAfter"], label: "Expires" },
  { keys: ["host", "subject"], label: "Certificate" },
  { keys: ["error", "reason"], label: "Error" },
];

const MAX_FINDINGS = 10;

export interface Summary {
  headline: string;
  lines: string[];
  link: string | null;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === "string" || typeof v === "number" ? String(v) : null);

function findingLine(f: Loose): string {
  const sev = text(f.severity);
  const title = text(f.title) ?? text(f.checkId) ?? text(f.id) ?? "finding";
  const where = text(f.location) ?? text(f.endpoint) ?? text(f.operation);
  return `${sev ? `[${sev.toUpperCase()}] ` : ""}${title}${where ? ` — ${where}` : ""}`;
}

/** A change: `{from, to}` or `{previous…, current}` pairs read as "B → C". */
function change(data: Loose, key: string): string | null {
  const v = data[key];
  if (isObject(v) && ("from" in v || "to" in v)) return `${text(v.from) ?? "none"} → ${text(v.to) ?? "none"}`;
  const prev = data[`previous${key[0]?.toUpperCase()}${key.slice(1)}`];
  if (text(v) !== null && text(prev) !== null) return `${text(prev)} → ${text(v)}`;
  return text(v);
}

const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** `82 → 61 (-21)` from `{from, to, delta}`; just the value on a first run. */
function scoreLine(v: unknown): string | null {
  if (!isObject(v)) return text(v);
  if (v.from === null || v.from === undefined) return text(v.to);
  const delta = typeof v.delta === "number" && v.delta !== 0 ? ` (${v.delta > 0 ? "+" : ""}${v.delta})` : "";
  return `${text(v.from)} → ${text(v.to)}${delta}`;
}

function labelled(label: string, value: string | null): string[] {
  return value ? [`${label}: ${value}`] : [];
}

/** `[MEDIUM] Stack traces in responses — GET /items`, then the fix. */
function findingLines(d: Loose): string[] {
  if (!isObject(d.finding)) return [];
  return [findingLine(d.finding), ...labelled("Fix", text(d.finding.fix)), ...labelled("Reproduce", text(d.finding.reproduce))];
}

function categoryLines(v: unknown): string[] {
  return list(v)
    .filter((c) => c.gradeFrom !== c.gradeTo)
    .map((c) => `${text(c.name) ?? text(c.id)}: ${text(c.gradeFrom) ?? "n/a"} → ${text(c.gradeTo) ?? "n/a"}`);
}

function inventoryLines(v: unknown): string[] {
  if (!isObject(v)) return [];
  const added = strings(v.added);
  const removed = strings(v.removed);
  return [
    ...labelled("Operations added", added.length ? added.slice(0, MAX_FINDINGS).join(", ") + (added.length > MAX_FINDINGS ? ` … (${added.length})` : "") : null),
    ...labelled("Operations removed", removed.length ? removed.slice(0, MAX_FINDINGS).join(", ") + (removed.length > MAX_FINDINGS ? ` … (${removed.length})` : "") : null),
    ...(v.specChanged === true ? ["API description changed"] : []),
  ];
}

/** The lines of each event type, from the data src/monitor/run-events.ts produces (docs/monitoring.md). */
const BY_TYPE: Record<string, (d: Loose) => string[]> = {
  "finding.new": findingLines,
  "finding.resolved": findingLines,
  "grade.changed": (d) => [
    ...labelled("Grade", text(d.from) && text(d.to) ? `${text(d.from)} → ${text(d.to)}` : null),
    ...labelled("Score", scoreLine(d.score)),
    ...categoryLines(d.categories),
  ],
  "certificate.expiring": (d) => [
    ...labelled("Certificate", [text(d.subject), text(d.endpoint) && `${d.kind === "database" ? "database " : ""}${text(d.endpoint)}`].filter(Boolean).join(" on ") || null),
    ...(d.expired === true ? ["Expired"] : labelled("Days left", text(d.daysLeft))),
    ...labelled("Expires", text(d.notAfter)),
  ],
  "scan.completed": (d) => {
    const grade = isObject(d.grade) ? (d.grade.from && d.grade.from !== d.grade.to ? `${text(d.grade.from)} → ${text(d.grade.to)}` : text(d.grade.to)) : text(d.grade);
    const counts = isObject(d.findings) ? Object.entries(d.findings).filter(([s, n]) => s !== "total" && typeof n === "number" && n > 0) : [];
    const moved = [typeof d.newFindings === "number" && d.newFindings > 0 ? `${d.newFindings} new` : null, typeof d.resolvedFindings === "number" && d.resolvedFindings > 0 ? `${d.resolvedFindings} resolved` : null].filter(Boolean);
    return [
      ...labelled("Grade", grade),
      ...labelled("Score", scoreLine(d.score)),
      ...labelled("Findings", counts.length ? counts.map(([s, n]) => `${n} ${s}`).join(", ") : "none"),
      ...labelled("Since the last run", d.firstRun === true ? null : moved.join(", ") || null),
      ...inventoryLines(d.inventory),
      ...labelled("Incomplete", strings(d.incomplete).slice(0, 3).join("; ") || null),
    ];
  },
  "scan.failed": (d) => labelled("Error", text(d.error)),
  "target.unreachable": (d) => labelled("Error", text(d.error)),
  "target.recovered": (d) => [...labelled("Down since", text(d.downSince)), ...labelled("Last error", text(d.lastError))],
};

/** Any other shape: a finding or findings, and known "label: value" fields. */
function genericLines(data: Loose): string[] {
  const lines: string[] = [];
  const single = isObject(data.finding) ? [data.finding] : [];
  const many = Array.isArray(data.findings) ? data.findings.filter(isObject) : [];
  const findings = [...single, ...many];
  for (const f of findings.slice(0, MAX_FINDINGS)) lines.push(findingLine(f));
  if (findings.length > MAX_FINDINGS) lines.push(`… and ${findings.length - MAX_FINDINGS} more`);
  for (const field of FIELDS) {
    const key = field.keys.find((k) => data[k] !== undefined && data[k] !== null);
    const value = key ? change(data, key) : null;
    if (value) lines.push(`${field.label}: ${value}`);
  }
  return lines;
}

/** The change summary every human-facing format renders. */
export function summarize(event: RampartEvent): Summary {
  const data = isObject(event.data) ? event.data : {};
  const headline = (HEADLINES[event.type] ?? `${event.type} on {target}`).replace("{target}", event.target);
  const lines: string[] = [];
  if (event.monitor) lines.push(`Monitor: ${event.monitor.name ?? event.monitor.id}`);
  const typed = BY_TYPE[event.type]?.(data) ?? [];
  lines.push(...(typed.length ? typed : genericLines(data)));
  if (event.severity) lines.push(`Severity: ${event.severity}`);
  return { headline, lines, link: event.link };
}

export interface HttpPayload {
  kind: "http";
  contentType: string;
  body: string;
}

export interface MailPayload {
  kind: "mail";
  subject: string;
  text: string;
  html: string;
}

const slackEscape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const htmlEscape = (s: string): string => slackEscape(s).replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function slack(event: RampartEvent): string {
  const s = summarize(event);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: s.headline.slice(0, 150) } },
    ...(s.lines.length ? [{ type: "section", text: { type: "mrkdwn", text: s.lines.map((l) => `• ${slackEscape(l)}`).join("\n").slice(0, 3000) } }] : []),
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `${slackEscape(event.type)} · ${slackEscape(event.createdAt)}${s.link ? ` · <${s.link}|Open in Rampart>` : ""}` }],
    },
  ];
  return JSON.stringify({ text: s.headline, blocks });
}

function teams(event: RampartEvent): string {
  const s = summarize(event);
  const card = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body: [
      { type: "TextBlock", text: s.headline, weight: "Bolder", size: "Medium", wrap: true },
      ...s.lines.map((l) => ({ type: "TextBlock", text: l, wrap: true, spacing: "Small" })),
      { type: "TextBlock", text: `${event.type} · ${event.createdAt}`, isSubtle: true, size: "Small", wrap: true },
    ],
    ...(s.link ? { actions: [{ type: "Action.OpenUrl", title: "Open in Rampart", url: s.link }] } : {}),
  };
  return JSON.stringify({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] });
}

function mail(event: RampartEvent): MailPayload {
  const s = summarize(event);
  const text = [s.headline, "", ...s.lines, "", ...(s.link ? [`Open in Rampart: ${s.link}`] : []), `Event ${event.id} (${event.type}) at ${event.createdAt}`].join("\n");
  const html = [
    `<h2>${htmlEscape(s.headline)}</h2>`,
    s.lines.length ? `<ul>${s.lines.map((l) => `<li>${htmlEscape(l)}</li>`).join("")}</ul>` : "",
    s.link ? `<p><a href="${htmlEscape(s.link)}">Open in Rampart</a></p>` : "",
    `<p style="color:#666">Event ${htmlEscape(event.id)} (${htmlEscape(event.type)}) at ${htmlEscape(event.createdAt)}</p>`,
  ].join("\n");
  return { kind: "mail", subject: `[Rampart] ${s.headline}`, text, html };
}

/** The payload of one event in one format. */
export function render(event: RampartEvent, format: WebhookFormat): HttpPayload | MailPayload {
  switch (format) {
    case "slack":
      return { kind: "http", contentType: "application/json", body: slack(event) };
    case "teams":
      return { kind: "http", contentType: "application/json", body: teams(event) };
    case "email":
      return mail(event);
    default:
      return { kind: "http", contentType: "application/json", body: JSON.stringify(event) };
  }
}
