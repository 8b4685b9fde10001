// False positives stay visible: every hardened fixture twin, scanned with all dataExposure,
// inputValidation, rateLimiting and inventoryManagement checks, yields nothing at high or critical.
import { describe, expect, it } from "vitest";
import { apolloApp } from "../../apps/framework-apollo.js";
import { djangoApp, djangoSpec } from "../../apps/framework-django.js";
import { expressApp, expressSpec } from "../../apps/framework-express.js";
import { fastapiApp, fastapiSpec } from "../../apps/framework-fastapi.js";
import { scanApp } from "../../apps/framework-scan.js";
import { springApp, springSpec } from "../../apps/framework-spring.js";

const checks = ["dataExposure.", "inputValidation.", "rateLimiting.", "inventoryManagement."];
const twins = {
  fastapi: () => scanApp(fastapiApp(true), { spec: fastapiSpec(), checks }),
  express: () => scanApp(expressApp(true), { spec: expressSpec(), checks }),
  spring: () => scanApp(springApp(true), { spec: springSpec(true), checks }),
  django: () => scanApp(djangoApp(true), { spec: djangoSpec(true), checks, auth: ["bearer:clinic-token-0001"] }),
  apollo: () => scanApp(apolloApp(true), { spec: null, checks }),
};

describe("hardened twins", () => {
  it.each(Object.entries(twins))("%s: no high or critical finding, no error", async (_name, run) => {
    const report = await run();
    expect(report.findings.filter((f) => f.severity === "high" || f.severity === "critical").map((f) => `${f.checkId} ${f.operation?.path ?? ""}`)).toEqual([]);
    expect(report.errors).toEqual([]);
  });
  it("and the vulnerable FastAPI twin shows what the hardened one fixed", async () => {
    const report = await scanApp(fastapiApp(false), { spec: fastapiSpec(), checks });
    const high = report.findings.filter((f) => f.severity === "high" || f.severity === "critical").map((f) => f.checkId);
    expect(new Set(high)).toEqual(new Set(["dataExposure.ssn", "dataExposure.payment-card", "dataExposure.secret-key", "inputValidation.debug-endpoint-exposed", "inputValidation.sql-error-injection"]));
  });
});
