import { describe, expect, it } from "vitest";
import type { CheckMeta } from "../../src/core/check.js";
import { renderJunit } from "../../src/report/renderers/junit.js";
import { parseXml, type XmlElement } from "./_xml.js";
import { cleanReport, failedReport, sampleReport } from "./fixtures/sample-report.js";

function meta(id: string, category: CheckMeta["category"], title: string): CheckMeta {
  return { id, title, category, severity: "medium", how: "passive", description: title, references: {}, remediation: { summary: "fix", steps: [] } };
}

const catalog: CheckMeta[] = [
  meta("encryption.hsts-weak", "encryption", "HSTS max-age too short"),
  meta("ssrf.url-parameter", "ssrf", "Parameters that take URLs"),
  meta("ssrf.callback-confirmed", "ssrf", "Target fetches the callback URL"),
  meta("authentication.jwt-no-expiry", "authentication", "JWT without expiry"),
];

const cases = (suite: XmlElement) => suite.children.filter((c) => c.name === "testcase");
const outcome = (tc: XmlElement) => tc.children.find((c) => ["failure", "error", "skipped"].includes(c.name));
const n = (el: XmlElement, attr: string) => Number(el.attrs[attr]);

function totals(root: XmlElement) {
  const all = root.children.flatMap(cases);
  return {
    tests: all.length,
    failures: all.filter((c) => outcome(c)?.name === "failure").length,
    errors: all.filter((c) => outcome(c)?.name === "error").length,
    skipped: all.filter((c) => outcome(c)?.name === "skipped").length,
  };
}

describe("junit renderer", () => {
  it("is well-formed XML whose counts match its cases", () => {
    for (const report of [sampleReport, failedReport, cleanReport]) {
      const root = parseXml(renderJunit(report, { catalog }));
      expect(root.name).toBe("testsuites");
      const t = totals(root);
      expect([n(root, "tests"), n(root, "failures"), n(root, "errors"), n(root, "skipped")]).toEqual([t.tests, t.failures, t.errors, t.skipped]);
      for (const suite of root.children) {
        expect(suite.name).toBe("testsuite");
        const s = cases(suite);
        expect(n(suite, "tests")).toBe(s.length);
        expect(n(suite, "failures")).toBe(s.filter((c) => outcome(c)?.name === "failure").length);
        for (const tc of s) expect(tc.attrs.classname).toBe(suite.attrs.name);
      }
    }
  });

  it("has a suite per category and a case per check, failing where findings exist", () => {
    const root = parseXml(renderJunit(sampleReport, { catalog }));
    const suites = root.children.map((s) => s.attrs.name);
    expect(suites).toEqual(expect.arrayContaining(["rampart.scan", "rampart.authentication", "rampart.encryption", "rampart.bolaAuthorization", "rampart.ssrf"]));
    const enc = root.children.find((s) => s.attrs.name === "rampart.encryption")!;
    const names = cases(enc).map((c) => c.attrs.name!.split(":")[0]);
    expect(names).toEqual(["encryption.db-dsn-exposed", "encryption.hsts-missing", "encryption.hsts-weak", "encryption.tls-legacy-protocol"]);
    const weak = cases(enc).find((c) => c.attrs.name!.startsWith("encryption.hsts-weak"))!;
    expect(outcome(weak)).toBeUndefined();
    const jwt = root.children.flatMap(cases).find((c) => c.attrs.name!.startsWith("authentication.jwt-alg-none"))!;
    const failure = outcome(jwt)!;
    expect(failure.name).toBe("failure");
    expect(failure.attrs.type).toBe("critical");
    expect(failure.attrs.message).toContain("1 finding, worst critical: Server accepts JWTs signed with alg none on GET /users/{id}");
    expect(failure.text).toContain("reproduce: curl -H 'Authorization: Bearer <TOKEN>'");
    expect(failure.text).toContain("fix: Reject tokens whose alg is none");
    // Skipped checks and non-applicable categories are skipped, not passed.
    const ssrf = root.children.find((s) => s.attrs.name === "rampart.ssrf")!;
    const callback = cases(ssrf).find((c) => c.attrs.name!.startsWith("ssrf.callback-confirmed"))!;
    expect(outcome(callback)).toMatchObject({ name: "skipped", attrs: { message: "no --callback-host" } });
    const urlParam = cases(ssrf).find((c) => c.attrs.name!.startsWith("ssrf.url-parameter"))!;
    expect(outcome(urlParam)!.attrs.message).toContain("not applicable");
  });

  it("passes a check that ran with one part skipped (partial), and skips one skipped whole", () => {
    const report = {
      ...sampleReport,
      skipped: {
        ...sampleReport.skipped,
        checks: [{ checkId: "encryption.hsts-weak", reason: "one probe needs --callback-host", partial: true as const }, ...sampleReport.skipped.checks],
      },
    };
    const root = parseXml(renderJunit(report, { catalog }));
    const all = root.children.flatMap(cases);
    expect(outcome(all.find((c) => c.attrs.name!.startsWith("encryption.hsts-weak"))!)).toBeUndefined();
    expect(outcome(all.find((c) => c.attrs.name!.startsWith("ssrf.callback-confirmed"))!)).toMatchObject({ name: "skipped" });
  });

  it("carries hostile evidence as text that decodes back intact, minus control characters", () => {
    const xml = renderJunit(sampleReport, { catalog });
    expect(xml).not.toContain("\u001b");
    expect(xml).not.toContain("<script>");
    const root = parseXml(xml);
    const bola = root.children.flatMap(cases).find((c) => c.attrs.name!.startsWith("bolaAuthorization.cross-identity-access"))!;
    const text = outcome(bola)!.text;
    expect(text).toContain("</script><script>alert('xss')</script><img src=x onerror=alert(1)>");
    expect(text).toContain("]]> <!-- -->");
    expect(text).toContain("RED");
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u001b]/);
  });

  it("reports a scan that could not run as one error, not as failures", () => {
    const root = parseXml(renderJunit(failedReport, { catalog }));
    expect(root.children.map((s) => s.attrs.name)).toEqual(["rampart.scan"]);
    expect(totals(root)).toEqual({ tests: 1, failures: 0, errors: 1, skipped: 0 });
    const err = outcome(cases(root.children[0]!)[0]!)!;
    expect(err.name).toBe("error");
    expect(err.attrs.message).toContain("scan could not run: connect ECONNREFUSED 127.0.0.1:9 <script>x</script>");
  });

  it("treats recorded spec warnings and check errors as partial, not as a scan that could not run", () => {
    const partial = { ...sampleReport, errors: [{ phase: "spec", message: "unresolved $ref in x-extension" }, { phase: "probe", checkId: "encryption.hsts-weak", message: "timeout" }] };
    const root = parseXml(renderJunit(partial, { catalog }));
    expect(outcome(cases(root.children[0]!)[0]!)).toBeUndefined();
    const weak = root.children.flatMap(cases).find((c) => c.attrs.name!.startsWith("encryption.hsts-weak"))!;
    expect(outcome(weak)).toMatchObject({ name: "error", attrs: { type: "check-error", message: "probe: timeout" } });
  });

  it("passes a clean scan and shows the gate when given", () => {
    expect(totals(parseXml(renderJunit(cleanReport, { catalog }))).failures).toBe(0);
    const failed = parseXml(renderJunit(sampleReport, { catalog, gate: { passed: false, reasons: ["score 52 is under the threshold 70"] } }));
    const gate = cases(failed.children[0]!).find((c) => c.attrs.name!.startsWith("gate"))!;
    expect(outcome(gate)).toMatchObject({ name: "failure", attrs: { type: "gate", message: "score 52 is under the threshold 70" } });
    const passed = parseXml(renderJunit(cleanReport, { catalog, gate: { passed: true, reasons: [] } }));
    expect(outcome(cases(passed.children[0]!).find((c) => c.attrs.name!.startsWith("gate"))!)).toBeUndefined();
  });

  it("uses a parser that rejects malformed XML", () => {
    for (const bad of ["<a>&foo;</a>", "<a><b></a>", '<a x="<"/>', "<a>&#0;</a>", '<a x="1" x="2"/>', "<a>x</a><b/>", "<a>\u001b</a>"]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<?xml version="1.0"?><a x="&amp;&#10;">t&lt;<b/></a>')).toMatchObject({ attrs: { x: "&\n" }, text: "t<" });
  });
});
