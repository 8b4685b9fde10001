// The hand-written renderer fixtures are real reports: they satisfy the shipped JSON Schema.
import { describe, expect, it } from "vitest";
import { validateReport } from "../../src/report/validate.js";
import { cleanReport, failedReport, sampleReport } from "./fixtures/sample-report.js";

describe("renderer fixtures", () => {
  it("validate against schema/report.schema.json", () => {
    for (const r of [sampleReport, failedReport, cleanReport]) expect(validateReport(JSON.parse(JSON.stringify(r)))).toEqual([]);
    expect(validateReport({ ...sampleReport, grade: "E" }).length).toBeGreaterThan(0);
  });
});
