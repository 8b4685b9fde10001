// The active injection checks against a real vulnerable API (SQLite, a shell, files, a template evaluator,
// an XML importer, a Mongo-style matcher, a raw header writer) and its fixed twin: each check fires on the
// first with a confirming differential request in the evidence, and stays silent on the second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { injectionApp, injectionSpec, type InjectionApp } from "../../apps/injection-app.js";
import { judgeRound } from "../../../src/checks/inputValidation/_inject-timing.js";
import type { ScanReport } from "../../../src/core/types.js";

const CHECKS = [
  "inputValidation.sql-injection",
  "inputValidation.nosql-injection",
  "inputValidation.command-injection",
  "inputValidation.template-injection",
  "inputValidation.path-traversal",
  "inputValidation.xxe",
  "inputValidation.crlf-injection",
];

const summary = (r: ScanReport, id: string) => findingsOf(r, id).map((f) => [f.operation?.path, f.title]).sort();

describe("active injection checks", () => {
  let vulnerable: InjectionApp;
  let fixed: InjectionApp;
  let v: ScanReport;
  let f: ScanReport;

  beforeAll(async () => {
    vulnerable = injectionApp(false);
    fixed = injectionApp(true);
    // One after the other: timing probes of two scans at once would only add noise.
    v = await scanApp(vulnerable.handler, { spec: injectionSpec(), checks: CHECKS, mode: "active" });
    f = await scanApp(fixed.handler, { spec: injectionSpec(), checks: CHECKS, mode: "active" });
  }, 240_000);
  afterAll(() => {
    vulnerable.close();
    fixed.close();
  });

  it("SQL: boolean-differential on a path and a query parameter, time-based when the answer is blind, error-based in a JSON body", () => {
    expect(summary(v, "inputValidation.sql-injection")).toEqual([
      ["/audit", 'SQL injection in query parameter "user" (time-based (MySQL/MariaDB))'],
      ["/items", 'SQL injection in query parameter "name" (boolean-differential)'],
      ["/items/{id}", 'SQL injection in path parameter "id" (boolean-differential)'],
      ["/reports", 'SQL injection in JSON body field "title" (error-based)'],
    ]);
    const [audit] = findingsOf(v, "inputValidation.sql-injection").filter((x) => x.operation?.path === "/audit");
    // Four timed answers: asked 2 s, 0 s, 4 s, 0 s.
    expect(audit!.evidence).toHaveLength(4);
    expect(audit!.evidence[0]!.excerpt).toMatch(/^asked for 2 s, 0 s, 4 s, 0 s: answered in [2-9]\.\d\d s, \d+\.\d\d s, ([4-9]|\d\d)\.\d\d s, \d+\.\d\d s/);
    const items = findingsOf(v, "inputValidation.sql-injection").find((x) => x.operation?.path === "/items/{id}")!;
    expect(items.confidence).toBe("confirmed");
    expect(items.evidence.map((e) => e.note)).toEqual([
      "true condition: 1 AND 1=1",
      "false condition: 1 AND 1=2",
      "confirmed with other expressions: 1 AND 3>2",
      "and 1 AND 2>3",
    ]);
    const reports = findingsOf(v, "inputValidation.sql-injection").find((x) => x.operation?.path === "/reports")!;
    expect(reports.evidence[0]!.excerpt).toMatch(/^SQLite syntax error: unrecognized token/);
    expect(reports.evidence[1]!.note).toMatch(/two quotes/);
  });

  it("NoSQL: $ne in a query string and in a JSON login body, confirmed by $eq", () => {
    expect(summary(v, "inputValidation.nosql-injection")).toEqual([
      ["/login", 'NoSQL operator injection in JSON body field "password"'],
      ["/users", 'NoSQL operator injection in query parameter "role"'],
    ]);
    const users = findingsOf(v, "inputValidation.nosql-injection").find((x) => x.operation?.path === "/users")!;
    expect(users.evidence.map((e) => e.request)).toEqual([
      expect.stringMatching(/role=rampart-no-such-value$/),
      expect.stringMatching(/role%5B%24ne%5D=rampart-no-such-value$/),
      expect.stringMatching(/role%5B%24eq%5D=rampart-no-such-value$/),
    ]);
  });

  it("OS command: echo of a computed product, and a sleep where nothing is echoed", () => {
    expect(summary(v, "inputValidation.command-injection")).toEqual([
      ["/notify", 'OS command injection in query parameter "email" (time-based)'],
      ["/ping", 'OS command injection in query parameter "host" (echo)'],
    ]);
    const ping = findingsOf(v, "inputValidation.command-injection").find((x) => x.operation?.path === "/ping")!;
    expect(ping.evidence.map((e) => e.excerpt)).toEqual(["RMP9801547X", "RMP11120587X"]);
  });

  it("SSTI: two arithmetic products in the answer", () => {
    expect(summary(v, "inputValidation.template-injection")).toEqual([["/greet", 'Server-side template injection in query parameter "name" (Jinja2 syntax)']]);
    expect(findingsOf(v, "inputValidation.template-injection")[0]!.evidence.map((e) => e.excerpt)).toEqual(["9801547", "11120587"]);
  });

  it("path traversal and XXE: /etc/passwd's content, absent for a file that does not exist", () => {
    expect(summary(v, "inputValidation.path-traversal")).toEqual([["/files", 'Path traversal in query parameter "name" reads /etc/passwd']]);
    expect(summary(v, "inputValidation.xxe")).toEqual([["/imports", "XML external entity (XXE) reads /etc/passwd"]]);
    for (const id of ["inputValidation.path-traversal", "inputValidation.xxe"]) {
      const [hit, control] = findingsOf(v, id)[0]!.evidence;
      expect(hit!.excerpt).toMatch(/^root:[^:]*:0:0:/);
      expect(control!.note).toMatch(/does not exist|brings nothing/);
    }
  });

  it("CRLF: a header of ours in the answer, twice, and not without the line break", () => {
    expect(summary(v, "inputValidation.crlf-injection")).toEqual([["/lang", 'CRLF injection in query parameter "lang": response headers can be added']]);
    expect(findingsOf(v, "inputValidation.crlf-injection")[0]!.evidence).toHaveLength(3);
  });

  it("stays silent on the fixed twin", () => {
    expect(f.findings.map((x) => [x.checkId, x.operation?.path, x.title])).toEqual([]);
    expect(f.errors).toEqual([]);
  });

  it("never sends PUT, PATCH or DELETE payloads, and deletes every object a payload created", () => {
    for (const r of [v, f]) {
      const payloads = (r.changes ?? []).filter((c) => c.checkId.startsWith("inputValidation."));
      expect(payloads.length).toBeGreaterThan(0);
      expect(new Set(payloads.map((c) => c.method))).toEqual(new Set(["POST"]));
      // Every applied create was deleted by the engine's clean-up.
      expect(payloads.filter((c) => c.created && c.undo.state !== "done")).toEqual([]);
    }
    expect(vulnerable.imports.size).toBe(0);
    expect(fixed.imports.size).toBe(0);
    expect(vulnerable.reports()).toBe(0);
    expect(fixed.reports()).toBe(0);
  });
});

describe("inputValidation injection checks outside active mode", () => {
  it("are skipped and send nothing", async () => {
    const app = injectionApp(false);
    try {
      const r = await scanApp(app.handler, { spec: injectionSpec(), checks: CHECKS });
      expect(r.findings).toEqual([]);
      expect(r.skipped.checks.map((c) => c.checkId).sort()).toEqual([...CHECKS].sort());
      expect(r.requests.byMethod["POST"] ?? 0).toBe(0);
    } finally {
      app.close();
    }
  });
});

describe("time-based judgement", () => {
  // Times in ms for the asked-for 2 s, 0 s, 4 s, 0 s.
  it.each([
    ["a clean delay", [2010, 15, 4020, 12], "confirmed"],
    ["a delay on a loaded machine (everything 600 ms slower)", [2650, 610, 4700, 640], "confirmed"],
    ["a delay with one stalled control: the faster control is the baseline", [2050, 1900, 4060, 20], "confirmed"],
    ["both controls stalled: one more round", [2050, 1900, 4060, 1500], "noisy"],
  ] as const)("%s", (_name, [t1, t0, t2, t3], verdict) => {
    expect(judgeRound(t1, t0, t2, t3)).toBe(verdict);
  });
  it.each([
    ["an endpoint that is always slow", [2400, 2300, 2500, 2350]],
    ["one random stall on the first probe", [2300, 30, 60, 25]],
    ["stalls that do not follow the number", [2300, 40, 2500, 35]],
    ["a slow 2 s answer, a 4 s one no slower", [3900, 20, 4100, 30]],
  ] as const)("not confirmed: %s", (_name, [t1, t0, t2, t3]) => {
    expect(judgeRound(t1, t0, t2, t3)).toBe("no");
  });
});
