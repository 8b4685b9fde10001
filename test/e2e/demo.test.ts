// The README's promise: `rampart demo` grades the vulnerable service low with the founding case's findings,
// and `rampart demo --hardened` grades A. Runs the built CLI.
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { validateReport } from "../../src/report/validate.js";
import { runCli } from "../helpers/cli.js";

describe("rampart demo", () => {
  it("finds the founding case in the vulnerable demo", async () => {
    const r = await runCli(["demo", "--format", "json", "--no-store"], { timeoutMs: 120_000 });
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(validateReport(report)).toEqual([]);
    const ids = new Set(report.findings.map((f) => f.checkId));
    for (const id of [
      "authentication.unauthenticated-access",
      "dataExposure.ssn",
      "encryption.cookie-insecure",
      "encryption.https-unavailable",
      "encryption.db-dsn-exposed",
      "encryption.db-dsn-insecure-sslmode",
      "encryption.key-material-exposed",
    ]) {
      expect(ids, id).toContain(id);
    }
    expect(report.grade).toBe("F");
    expect(report.score).toBeLessThanOrEqual(59);
    // the leaked DSN password never appears in clear
    expect(r.stdout).not.toContain("Cr0ckPa55");
    expect(r.stdout).not.toContain("076uuXaEKRYaX+7bzjU0xDP1VeA+xQuCrXRjgnmsJ40=");
    // the fix is shown in the stack's idiom: FastAPI + CockroachDB
    expect(report.fingerprint.framework?.name).toBe("fastapi");
    expect(report.fingerprint.database?.name).toBe("cockroachdb");
    const sslmode = report.findings.find((f) => f.checkId === "encryption.db-dsn-insecure-sslmode");
    expect(sslmode?.remediation.code).toContain("verify-full");
  });

  it("grades the hardened twin A with no high or critical finding", async () => {
    const r = await runCli(["demo", "--hardened", "--format", "json", "--no-store"], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(validateReport(report)).toEqual([]);
    const serious = report.findings.filter((f) => f.severity === "critical" || f.severity === "high");
    expect(serious.map((f) => `${f.checkId} ${f.title}`)).toEqual([]);
    expect(report.grade).toBe("A");
  });

  it("fails the gate with exit 1 when asked for grade A on the vulnerable demo", async () => {
    const r = await runCli(["demo", "--threshold", "A", "--no-store"], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Grade F");
    expect(r.stderr).toContain("gate failed");
  });
});
