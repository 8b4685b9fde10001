/* eslint-disable @typescript-eslint/no-explicit-any -- event data is checked field by field */
// Change detection between two runs (src/monitor/changes.ts, certificates.ts), the events built from it
// (run-events.ts) validated against schema/event.schema.json, and each webhook format rendering them readably.
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { detectChanges } from "../../src/monitor/changes.js";
import { daysLeft, expiringCertificates, expirySeverity, expiryThreshold } from "../../src/monitor/certificates.js";
import { validateEvent } from "../../src/monitor/event-schema.js";
import { completedRunEvents, failedRunEvents, type EventContext } from "../../src/monitor/run-events.js";
import { render, summarize } from "../../src/webhooks/formats.js";
import { sampleReport } from "../report/fixtures/sample-report.js";

const DAY = 86_400_000;
const FINISHED = Date.parse(sampleReport.finishedAt);
const inDays = (n: number) => new Date(FINISHED + n * DAY + 3_600_000).toISOString();

function report(over: Partial<ScanReport> & { certDays?: number; operations?: string[]; specHash?: string; dbCertDays?: number }): ScanReport {
  const { certDays, operations, specHash, dbCertDays, ...rest } = over;
  const r = structuredClone(sampleReport);
  r.extras = {
    ...(certDays !== undefined ? { tls: { endpoint: "127.0.0.1:8443", certificate: { subject: "CN=api.test", notAfter: inDays(certDays) } } } : {}),
    ...(dbCertDays !== undefined ? { databases: [{ endpoint: "127.0.0.1:5432", certificate: { subject: "CN=db.test", notAfter: inDays(dbCertDays) } }] } : {}),
    ...(operations ? { inventory: { operations, operationCount: operations.length, specHash: specHash ?? "h1" } } : {}),
  };
  return { ...r, ...rest };
}

const before = report({ scanId: "scan-1", certDays: 40, operations: ["GET /a", "GET /b"] });
const after = (() => {
  const r = report({ scanId: "scan-2", certDays: 10, operations: ["GET /a", "GET /c"], specHash: "h2" });
  // HSTS fixed, the predictable-ids finding raised to medium, a stack trace new; encryption improves a grade.
  r.findings = r.findings.filter((f) => f.id !== "f-hsts").map((f) => (f.id === "f-ids" ? { ...f, severity: "medium" as const } : f));
  r.findings.push({ ...(sampleReport.findings[0] as ScanReport["findings"][number]), id: "f-trace", checkId: "dataExposure.stack-trace", category: "dataExposure", severity: "medium", title: "Stack traces in responses", operation: { method: "GET", path: "/items" } as never });
  r.categories = r.categories.map((c) => (c.id === "encryption" ? { ...c, score: 55, grade: "D" as const } : c.id === "dataExposure" ? { ...c, score: 80, grade: "B" as const } : c));
  r.score = sampleReport.score - 4;
  r.grade = "D";
  return r;
})();

describe("change detection", () => {
  it("on a first run, every finding is new and nothing else is compared", () => {
    const c = detectChanges(null, before);
    expect(c.firstRun).toBe(true);
    expect(c.newFindings.map((f) => f.id).sort()).toEqual(sampleReport.findings.map((f) => f.id).sort());
    expect(c).toMatchObject({ previousScanId: null, resolvedFindings: [], severityChanges: [], categories: [], inventory: null, certificates: [] });
    expect(c.score).toEqual({ from: null, to: Math.round(before.score), delta: null });
    expect(c.grade).toEqual({ from: null, to: before.grade, direction: null });
  });

  it("finds new, resolved and re-rated findings, grade and category drift, certificates and inventory drift", () => {
    const c = detectChanges(before, after);
    expect(c.firstRun).toBe(false);
    expect(c.previousScanId).toBe("scan-1");
    expect(c.newFindings.map((f) => f.checkId)).toEqual(["dataExposure.stack-trace"]);
    expect(c.resolvedFindings.map((f) => f.checkId)).toEqual(["encryption.hsts-missing"]);
    expect(c.severityChanges).toEqual([expect.objectContaining({ id: "f-ids", from: "low", to: "medium", direction: "raised" })]);
    expect(c.score).toEqual({ from: Math.round(before.score), to: Math.round(after.score), delta: -4 });
    expect(c.grade).toEqual({ from: before.grade, to: "D", direction: "better" });
    expect(c.categories.map((x) => [x.id, x.gradeFrom, x.gradeTo])).toEqual([
      ["encryption", "F", "D"],
      ["dataExposure", "A", "B"],
    ]);
    expect(c.certificates).toEqual([
      expect.objectContaining({ kind: "api", endpoint: "127.0.0.1:8443", subject: "CN=api.test", threshold: 14, daysLeft: 10, expired: false, previousThreshold: null }),
    ]);
    expect(c.inventory).toEqual({ added: ["GET /c"], removed: ["GET /b"], specChanged: true, specHashFrom: "h1", specHashTo: "h2" });
    // The same report twice: nothing changed.
    const same = detectChanges(after, after);
    expect(same).toMatchObject({ newFindings: [], resolvedFindings: [], severityChanges: [], categories: [], certificates: [], inventory: null });
  });
});

describe("certificate expiry", () => {
  it("buckets days left by 30/14/7/1 and 0 once expired, with severities", () => {
    expect([45, 30, 20, 14, 8, 7, 2, 1, 0, -1].map(expiryThreshold)).toEqual([null, 30, 30, 14, 14, 7, 7, 1, 1, 0]);
    expect([30, 14, 7, 1, 0].map(expirySeverity)).toEqual(["low", "medium", "high", "critical", "critical"]);
    expect(daysLeft(inDays(10), new Date(FINISHED))).toBe(10);
  });

  it("announces each threshold once, again for a lower one, afresh for a renewed certificate, and database certificates too", () => {
    // The same certificate seen `left` days before its end (each report ends at another time).
    const NOT_AFTER = inDays(20);
    const at = (left: number, notAfter = NOT_AFTER) => {
      const r = report({});
      r.extras = { tls: { endpoint: "127.0.0.1:8443", certificate: { subject: "CN=api.test", notAfter } } };
      r.finishedAt = new Date(Date.parse(notAfter) - left * DAY - 3_600_000).toISOString();
      return r;
    };
    expect(expiringCertificates(at(20), at(19))).toEqual([]);
    expect(expiringCertificates(at(20), at(13)).map((c) => [c.threshold, c.previousThreshold])).toEqual([[14, 30]]);
    expect(expiringCertificates(at(13), at(8))).toEqual([]);
    expect(expiringCertificates(at(6), at(-2))).toEqual([expect.objectContaining({ threshold: 0, expired: true, daysLeft: -2, previousThreshold: 7 })]);
    // A renewed certificate (another end date) that is again within 30 days is announced afresh.
    const renewed = expiringCertificates(at(2), at(25, inDays(60)));
    expect(renewed.map((c) => [c.threshold, c.previousThreshold])).toEqual([[30, null]]);
    const db = expiringCertificates(null, report({ dbCertDays: 5 }));
    expect(db).toEqual([expect.objectContaining({ kind: "database", endpoint: "127.0.0.1:5432", subject: "CN=db.test", threshold: 7 })]);
  });
});

describe("run events", () => {
  const ctx: EventContext = { monitor: { id: "mon_1", name: "orders" }, target: "https://127.0.0.1:8443", scanId: "scan-2", link: "https://rampart.example.test/#/scans/scan-2", now: new Date(FINISHED) };
  const events = [
    ...completedRunEvents(ctx, before, after, detectChanges(before, after), { downSince: new Date(FINISHED - DAY).toISOString(), lastError: "connect ECONNREFUSED 127.0.0.1:8443" }),
    ...failedRunEvents(ctx, "cannot reach https://127.0.0.1:8443: ECONNREFUSED", true, true),
  ];

  it("covers every type, each valid against schema/event.schema.json", () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["target.recovered", "finding.new", "finding.resolved", "grade.changed", "certificate.expiring", "scan.completed", "target.unreachable", "scan.failed"]));
    for (const e of events) expect(validateEvent(JSON.parse(JSON.stringify(e))), e.type).toEqual([]);
  });

  it("the schema refuses what a receiver could not rely on", () => {
    const cert = JSON.parse(JSON.stringify(events.find((e) => e.type === "certificate.expiring")));
    delete cert.data.daysLeft;
    expect(validateEvent(cert).join(" ")).toContain("daysLeft");
    const grade = JSON.parse(JSON.stringify(events.find((e) => e.type === "grade.changed")));
    grade.data.to = "E";
    expect(validateEvent(grade).length).toBeGreaterThan(0);
    expect(validateEvent({ ...events[0], type: "scan.exploded" }).length).toBeGreaterThan(0);
    expect(validateEvent({ ...events[0], id: "123" }).length).toBeGreaterThan(0);
  });

  it("each format renders a real event's data readably", () => {
    const lines = (type: string) => summarize(events.find((e) => e.type === type) as (typeof events)[number]).lines;
    expect(lines("finding.new")).toEqual(expect.arrayContaining(["[MEDIUM] Stack traces in responses — GET /items", "Severity: medium"]));
    expect(lines("finding.resolved")[1]).toMatch(/^\[MEDIUM\] .* — /);
    expect(lines("grade.changed")).toEqual(expect.arrayContaining([expect.stringMatching(/^Score: \d+ → \d+ \(-4\)$/), "Encryption: F → D", "Data exposure: A → B"]));
    expect(lines("certificate.expiring")).toEqual(["Monitor: orders", "Certificate: CN=api.test on 127.0.0.1:8443", "Days left: 10", `Expires: ${inDays(10)}`, "Severity: medium"]);
    expect(lines("scan.completed")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Findings: (\d+ (critical|high|medium|low|info)(, )?)+$/),
        "Since the last run: 1 new, 1 resolved",
        "Operations added: GET /c",
        "Operations removed: GET /b",
        "API description changed",
      ]),
    );
    expect(lines("target.recovered")).toEqual(["Monitor: orders", `Down since: ${new Date(FINISHED - DAY).toISOString()}`, "Last error: connect ECONNREFUSED 127.0.0.1:8443"]);
    expect(lines("target.unreachable")).toEqual(["Monitor: orders", "Error: cannot reach https://127.0.0.1:8443: ECONNREFUSED", "Severity: high"]);
    const cert = events.find((e) => e.type === "certificate.expiring") as (typeof events)[number];
    const slack = JSON.parse((render(cert, "slack") as { body: string }).body);
    expect(slack.blocks[1].text.text).toContain("• Days left: 10");
    const teams = JSON.parse((render(cert, "teams") as { body: string }).body);
    expect(teams.attachments[0].content.body.map((b: any) => b.text)).toContain("Certificate: CN=api.test on 127.0.0.1:8443");
    const mail = render(cert, "email") as { subject: string; text: string; html: string };
    expect(mail.text).toContain("Days left: 10");
    expect(mail.html).toContain("Certificate: CN=api.test on 127.0.0.1:8443");
  });
});
