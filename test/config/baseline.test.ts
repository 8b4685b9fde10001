import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import type { Baseline, IgnoreEntry } from "../../src/config/baseline.js";
import { applyBaseline, applyBaselineToReport } from "../../src/config/baseline.js";
import { entriesFromReport, mergeBaselineYaml, parseBaseline } from "../../src/config/baseline-file.js";
import { parseConfig } from "../../src/config/config-file.js";
import { evaluateGate } from "../../src/report/gate.js";
import { sampleFindings, sampleReport } from "../report/fixtures/sample-report.js";

const NOW = new Date("2026-06-01T12:00:00Z");
const base = (entries: IgnoreEntry[]): Baseline => ({ entries, source: "test" });
const ids = (fs: { id: string }[]) => fs.map((f) => f.id);

describe("applyBaseline", () => {
  it("suppresses by finding id, by check id, and by check scoped to an operation", () => {
    const r = applyBaseline(
      sampleFindings,
      base([
        { finding: "f-dsn-config", reason: "test data only" },
        { check: "encryption.tls-legacy-protocol", reason: "legacy clients until Q3" },
        { check: "encryption.hsts-missing", operation: "get /users/{id}", reason: "behind the gateway" },
        { check: "bolaAuthorization.predictable-ids", operation: "GET /orders/{id}", reason: "other operation" },
      ]),
      NOW,
    );
    expect(ids(r.suppressed.map((s) => ({ id: s.findingId })))).toEqual(["f-dsn-config", "f-tls-legacy", "f-hsts"]);
    expect(ids(r.kept)).toEqual(["f-jwt-none-users", "f-bola-accounts", "f-prompt-injection", "f-ids", "f-unversioned"]);
    expect(r.suppressed[1]).toEqual({ findingId: "f-tls-legacy", checkId: "encryption.tls-legacy-protocol", reason: "legacy clients until Q3", expires: null });
    expect(r.unused.map((e) => e.reason)).toEqual(["other operation"]);
  });

  it("matches check prefixes ending in * and needs every given field to match", () => {
    const r = applyBaseline(sampleFindings, base([{ check: "encryption.*", reason: "r" }, { finding: "f-ids", check: "dataExposure.ssn", reason: "mismatch" }]), NOW);
    expect(r.suppressed.map((s) => s.checkId)).toEqual(["encryption.db-dsn-exposed", "encryption.tls-legacy-protocol", "encryption.hsts-missing"]);
    expect(ids(r.kept)).toContain("f-ids");
  });

  it("stops suppressing the day after expiry and reports the expired entry", () => {
    const entry: IgnoreEntry = { finding: "f-jwt-none-users", reason: "fix scheduled", expires: "2027-01-31" };
    const lastDay = applyBaseline(sampleFindings, base([entry]), new Date("2027-01-31T23:59:59Z"));
    expect(ids(lastDay.kept)).not.toContain("f-jwt-none-users");
    expect(lastDay.expired).toEqual([]);
    const after = applyBaseline(sampleFindings, base([entry]), new Date("2027-02-01T00:00:00Z"));
    expect(ids(after.kept)).toContain("f-jwt-none-users");
    expect(after.expired).toEqual([entry]);
    expect(after.suppressed).toEqual([]);
  });
});

describe("applyBaselineToReport", () => {
  it("takes suppressed findings out of score and gate, lists them, and records expired entries", () => {
    const baseline = base([
      { check: "authentication.jwt-alg-none", reason: "tracked in SEC-12" },
      { finding: "f-dsn-config", reason: "fixture database" },
      { finding: "f-bola-accounts", reason: "old", expires: "2026-01-01" },
    ]);
    expect(evaluateGate(sampleReport, { failOn: "critical" }).passed).toBe(false);
    const out = applyBaselineToReport(sampleReport, baseline, NOW);
    expect(out.findings.map((f) => f.severity)).not.toContain("critical");
    expect(out.suppressed.map((s) => s.findingId)).toEqual(["f-old", "f-jwt-none-users", "f-dsn-config"]);
    expect(out.cap.limit).toBe(79); // the high findings still cap; the critical cap is gone
    expect(out.score).toBeGreaterThan(sampleReport.score);
    expect(out.categories.find((c) => c.id === "authentication")).toMatchObject({ score: 100, findings: 0, applicable: true });
    expect(evaluateGate(out, { failOn: "critical" }).passed).toBe(true);
    expect(out.errors.at(-1)).toEqual({ phase: "baseline", message: "ignore entry for finding f-bola-accounts expired on 2026-01-01 and no longer suppresses (test)" });
    expect(out.findings.map((f) => f.id)).toContain("f-bola-accounts");
    expect(applyBaselineToReport(sampleReport, null, NOW)).toBe(sampleReport);
  });
});

describe("baseline files", () => {
  it("reads YAML with ignore:, a bare list, and JSON", () => {
    const yaml = "ignore:\n  - check: encryption.hsts-missing\n    operation: GET /users/{id}\n    reason: behind the gateway\n    expires: 2027-01-31\n";
    expect(parseBaseline(yaml, "b.yml").entries).toEqual([
      { check: "encryption.hsts-missing", operation: "GET /users/{id}", reason: "behind the gateway", expires: "2027-01-31" },
    ]);
    expect(parseBaseline("- finding: abc\n  reason: r\n", "b.yml").entries).toEqual([{ finding: "abc", reason: "r" }]);
    expect(parseBaseline(JSON.stringify({ ignore: [{ finding: "x", reason: "y" }] }), "b.json").entries).toHaveLength(1);
    expect(parseBaseline("", "empty.yml").entries).toEqual([]);
  });

  it("refuses entries without a reason, with unknown keys, bad dates or nothing to match, naming where", () => {
    const cases: [string, RegExp][] = [
      ["ignore:\n  - finding: a\n", /b\.yml: ignore\[0\]\.reason: /],
      ["ignore:\n  - finding: a\n    reason: ''\n", /ignore\[0\]\.reason: reason is required/],
      ["ignore:\n  - finding: a\n    reason: r\n    until: 2027-01-01\n", /unknown key 'until' in ignore\[0\]/],
      ["ignore:\n  - finding: a\n    reason: r\n    expires: next year\n", /expires must be a date like 2027-01-31/],
      ["ignore:\n  - reason: r\n", /needs finding or check/],
      ["ignore:\n  - check: not a check\n    reason: r\n", /check must be a check id/],
      ["ignores: []\n", /unknown key 'ignores'/],
      ["ignore: [\n", /b\.yml(:\d+)?: not valid YAML or JSON/],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        parseBaseline(text, "b.yml");
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(InputError);
      expect((err as Error).message, text).toMatch(re);
    }
  });

  it("writes a baseline from a report that suppresses exactly its findings, merging into an existing file", () => {
    const entries = entriesFromReport(sampleReport, { reason: "accepted risk, review in Q3", expires: "2027-06-30" });
    expect(entries).toHaveLength(sampleReport.findings.length);
    expect(entries[0]).toEqual({ finding: "f-jwt-none-users", check: "authentication.jwt-alg-none", operation: "GET /users/{id}", reason: "accepted risk, review in Q3", expires: "2027-06-30" });
    const existing = "# our settings\ntarget: http://127.0.0.1:8000\nthreshold: B\nignore:\n  - finding: f-ids # keep\n    reason: known\n";
    const { text, added } = mergeBaselineYaml(existing, entries, ".rampart.yml");
    expect(added).toBe(entries.length - 1);
    expect(text).toContain("# our settings");
    expect(text).toContain("# keep");
    const config = parseConfig(text, ".rampart.yml");
    expect(config.threshold).toBe("B");
    expect(config.ignore).toHaveLength(entries.length);
    const applied = applyBaseline(sampleReport.findings, { entries: config.ignore!, source: ".rampart.yml" }, NOW);
    expect(applied.kept).toEqual([]);
    // Again with the same report: nothing new.
    expect(mergeBaselineYaml(text, entries, ".rampart.yml").added).toBe(0);
    const fresh = mergeBaselineYaml(null, entries.slice(0, 1), "new.yml").text;
    expect(parseBaseline(fresh, "new.yml").entries).toHaveLength(1);
    expect(fresh.startsWith("# Rampart configuration")).toBe(true);
  });
});
