import { describe, expect, it } from "vitest";
import type { CategoryId, Confidence, Finding, Severity } from "../../src/core/types.js";
import { gradeFor, scoreFindings } from "../../src/scoring/score.js";

let n = 0;
function finding(checkId: string, category: CategoryId, severity: Severity, confidence: Confidence = "confirmed"): Finding {
  n++;
  return {
    id: n.toString(16).padStart(16, "0"),
    checkId,
    category,
    severity,
    confidence,
    title: checkId,
    description: "",
    operation: null,
    evidence: [],
    reproduce: null,
    remediation: { summary: "", framework: null, steps: [], code: null },
    references: {},
  };
}

const ALL: Set<CategoryId> = new Set(["authentication", "encryption", "dataExposure", "inputValidation", "rateLimiting", "inventoryManagement"]);

describe("rubric v1", () => {
  it("gives 100/A to a clean scan and drops non-applicable categories from the mean", () => {
    const r = scoreFindings([], ALL);
    expect(r.score).toBe(100);
    expect(r.grade).toBe("A");
    expect(r.categories.find((c) => c.id === "llmSecurity")?.applicable).toBe(false);
    expect(r.cap.applied).toBe(false);
  });

  it("deducts by severity × confidence, a quarter for repeats of one check, floor 0", () => {
    const r = scoreFindings(
      [
        finding("encryption.hsts-missing", "encryption", "medium"), // 10
        finding("encryption.hsts-missing", "encryption", "medium"), // 2.5
        finding("encryption.mixed-content", "encryption", "low", "tentative"), // 1.5
      ],
      ALL,
    );
    expect(r.categories.find((c) => c.id === "encryption")?.score).toBe(86);
    const floor = scoreFindings([1, 2, 3].map(() => finding(`dataExposure.x${n}`, "dataExposure", "critical")), ALL);
    expect(floor.categories.find((c) => c.id === "dataExposure")?.score).toBe(0);
  });

  it("weights categories: one medium in encryption (12) of 55 applicable weight", () => {
    // applicable weights: auth 15 + enc 12 + data 10 + input 8 + rate 6 + inv 4 = 55
    const r = scoreFindings([finding("encryption.hsts-missing", "encryption", "medium")], ALL);
    expect(r.score).toBe(Math.round((90 * 12 + 100 * 43) / 55));
  });

  it("caps at 59 for a firm critical and at 79 for any high", () => {
    const crit = scoreFindings([finding("inputValidation.x", "inputValidation", "critical", "firm")], ALL);
    expect(crit.score).toBe(59);
    expect(crit.cap).toMatchObject({ applied: true, limit: 59 });
    const high = scoreFindings([finding("inventoryManagement.x", "inventoryManagement", "high", "tentative")], ALL);
    expect(high.score).toBe(79);
    expect(high.grade).toBe("C");
    const tentativeCritical = scoreFindings([finding("inventoryManagement.y", "inventoryManagement", "critical", "tentative")], ALL);
    expect(tentativeCritical.score).toBe(79);
  });

  it("shows the uncapped score and the finding that set the cap, so two capped APIs still rank", () => {
    const one = finding("inputValidation.x", "inputValidation", "critical", "firm");
    const mild = scoreFindings([one], ALL);
    expect(mild.cap).toMatchObject({ applied: true, limit: 59, findingId: one.id, checkId: "inputValidation.x" });
    // inputValidation 60 (100 - 50 * 0.8), the rest 100: (60 * 8 + 100 * 47) / 55
    expect(mild.cap.uncapped).toBe(Math.round((60 * 8 + 100 * 47) / 55));
    expect(mild.cap.reason).toContain(`(${mild.cap.uncapped} uncapped)`);
    const worse = scoreFindings([one, finding("authentication.y", "authentication", "high")], ALL);
    expect(worse.score).toBe(mild.score);
    expect(worse.cap.uncapped).toBeLessThan(mild.cap.uncapped!);
    expect(scoreFindings([], ALL).cap).toMatchObject({ applied: false, uncapped: null, findingId: null });
  });

  it("leaves categories none of whose checks got an answer out of the mean, marked not tested", () => {
    const untested = new Set<CategoryId>(["authentication"]);
    const r = scoreFindings([finding("encryption.hsts-missing", "encryption", "medium")], ALL, untested);
    expect(r.categories.find((c) => c.id === "authentication")?.notTested).toBe(true);
    expect(r.score).toBe(Math.round((90 * 12 + 100 * 28) / 40));
    // a finding proves the category was tested
    const found = scoreFindings([finding("authentication.z", "authentication", "medium")], ALL, untested);
    expect(found.categories.find((c) => c.id === "authentication")?.notTested).toBeUndefined();
  });

  it("maps bands A≥90 B≥80 C≥70 D≥60 F", () => {
    expect([90, 89, 80, 79, 70, 69, 60, 59, 0].map(gradeFor)).toEqual(["A", "B", "B", "C", "C", "D", "D", "F", "F"]);
  });

  it("treats a category with findings as applicable even if not declared", () => {
    const r = scoreFindings([finding("llmSecurity.model-disclosure", "llmSecurity", "low")], ALL);
    expect(r.categories.find((c) => c.id === "llmSecurity")).toMatchObject({ applicable: true, score: 97 });
  });
});
