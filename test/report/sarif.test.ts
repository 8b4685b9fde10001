import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { CheckMeta } from "../../src/core/check.js";
import { checks } from "../../src/checks/index.js";
import { SECURITY_SEVERITY, renderSarif } from "../../src/report/renderers/sarif.js";
import { pointerLine } from "../../src/report/spec-locate.js";
import { HOSTILE, SPEC_FILE, cleanReport, failedReport, sampleReport } from "./fixtures/sample-report.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The OASIS schema is draft-04; Ajv 8 speaks draft-07, which differs from it only in the id keyword here. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(fixture("sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // unicodeRegExp off: the schema's language pattern has a stray `]` that only non-unicode regexps accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();
const specText = readFileSync(fixture("openapi.yaml"), "utf8");
const locate = (file: string, pointer: string) => (file === SPEC_FILE ? pointerLine(specText, pointer) : null);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
    logicalLocations?: { name: string }[];
  }[];
  properties: { evidence: { excerpt: string }[] };
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  properties: { tags: string[]; "security-severity": string };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { rules: SarifRule[] } }; results: SarifResult[]; invocations: { executionSuccessful: boolean }[] }[];
}

function render(report = sampleReport, extra = {}): { text: string; log: SarifLog } {
  const text = renderSarif(report, { baseDir: "/repo", locate, docsBaseUrl: "https://docs.invalid/rampart/docs", ...extra });
  return { text, log: JSON.parse(text) as SarifLog };
}

describe("sarif renderer", () => {
  it("produces SARIF 2.1.0 that validates against the OASIS JSON Schema", () => {
    for (const report of [sampleReport, failedReport, cleanReport]) {
      const { log } = render(report);
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      expect(log.version).toBe("2.1.0");
    }
    // An observation is a note of the run, never a result.
    const observed = { ...sampleReport, observations: [{ checkId: "authentication.jwt-header-key-injection", message: "the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/k but refused the token (401)" }] };
    const withNote = render(observed).log as SarifLog & { runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    expect(validate(withNote)).toBe(true);
    expect(withNote.runs[0]!.results).toHaveLength(render().log.runs[0]!.results.length);
    expect(withNote.runs[0]!.invocations[0]!.toolExecutionNotifications).toContainEqual({
      level: "note",
      message: { text: "observed (authentication.jwt-header-key-injection): the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/k but refused the token (401)" },
    });
    // Without base dir, docs URL or locator it must still be valid.
    const bare = JSON.parse(renderSarif(sampleReport)) as unknown;
    expect(validate(bare)).toBe(true);
    // The validator is not vacuous: a wrong level or a missing message is rejected.
    const broken = render().log as unknown as { runs: { results: Record<string, unknown>[] }[] };
    broken.runs[0]!.results[0]!.level = "fatal";
    delete broken.runs[0]!.results[1]!.message;
    expect(validate(broken)).toBe(false);
  });

  it("has one rule per catalog check plus every finding's check, with GitHub's security-severity", () => {
    const { log } = render();
    const rules = log.runs[0]!.tool.driver.rules;
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of checks) expect(ids).toContain(c.meta.id);
    for (const f of sampleReport.findings) expect(ids).toContain(f.checkId);
    // A check the catalog does not list gets its rule from the finding itself.
    const derived = render(sampleReport, { catalog: [] }).log.runs[0]!.tool.driver.rules;
    expect(derived.map((r) => r.id)).toEqual([...new Set(sampleReport.findings.map((f) => f.checkId))].sort());
    const jwt = derived.find((r) => r.id === "authentication.jwt-alg-none")!;
    expect(jwt.properties["security-severity"]).toBe("9.5");
    expect(jwt.properties.tags).toEqual(expect.arrayContaining(["security", "authentication", "external/cwe/cwe-347"]));
    expect(jwt.helpUri).toBe("https://docs.invalid/rampart/docs/checks/authentication.jwt-alg-none.md");
    expect(jwt.help.markdown).toContain("## How to fix");
    expect(jwt.help.markdown).toContain("Pass algorithms=['RS256'] to jwt.decode.");
    expect(derived.find((r) => r.id === "inventoryManagement.unversioned-api")!.properties["security-severity"]).toBe("0.0");
  });

  it("takes rule text from check meta when the catalog has the check", () => {
    const meta: CheckMeta = {
      id: "encryption.hsts-missing",
      title: "Strict-Transport-Security header missing",
      category: "encryption",
      severity: "medium",
      how: "passive",
      description: "HTTPS responses come without HSTS, so a first plaintext visit can be downgraded.",
      references: { cwe: [319], owaspApi2023: ["API8"] },
      remediation: { summary: "Send Strict-Transport-Security with a max-age of a year.", steps: ["Add the header in the proxy."] },
    };
    const { log } = render(sampleReport, { catalog: [meta] });
    const rule = log.runs[0]!.tool.driver.rules.find((r) => r.id === meta.id)!;
    expect(rule.help.text).toContain(meta.description);
    expect(rule.help.text).toContain("Add the header in the proxy.");
    expect(rule.properties.tags).toEqual(expect.arrayContaining(["external/cwe/cwe-319", "owasp-api-2023/API8"]));
    expect(rule.properties["security-severity"]).toBe(SECURITY_SEVERITY.medium);
  });

  it("locates results at the spec file line of the operation, else at the target URL", () => {
    const { log } = render();
    const results = log.runs[0]!.results;
    const byId = (id: string) => results.find((r) => r.partialFingerprints["rampartFindingId/v1"] === id)!;
    const jwt = byId("f-jwt-none-users");
    expect(jwt.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: "openapi.yaml", uriBaseId: "%SRCROOT%" });
    expect(jwt.locations[0]!.physicalLocation.region.startLine).toBe(9); // the `get:` under /users/{id}
    expect(jwt.locations[0]!.logicalLocations).toEqual([{ name: "GET /users/{id}", fullyQualifiedName: "GET /users/{id}", kind: "function" }]);
    expect(byId("f-prompt-injection").locations[0]!.physicalLocation.region.startLine).toBe(36);
    // Host-level finding: no spec location, no operation → the target URL.
    const tls = byId("f-tls-legacy");
    expect(tls.locations[0]!.physicalLocation.artifactLocation.uri).toBe("http://127.0.0.1:8000/api");
    expect(tls.locations[0]!.logicalLocations).toBeUndefined();
    // A spec outside the repository falls back to the operation URL.
    const outside = render(sampleReport, { baseDir: "/elsewhere" }).log.runs[0]!.results[0]!;
    expect(outside.locations[0]!.physicalLocation.artifactLocation.uri).toBe("http://127.0.0.1:8000/api/users/1");
  });

  it("keeps fingerprints stable and levels by severity", () => {
    const a = render().log.runs[0]!.results;
    const b = render({ ...sampleReport, scanId: "other", findings: [...sampleReport.findings].reverse() }).log.runs[0]!.results;
    const fp = (rs: SarifResult[]) => rs.map((r) => `${r.ruleId}:${r.partialFingerprints["rampartFindingId/v1"]}`).sort();
    expect(fp(a)).toEqual(fp(b));
    expect(a.map((r) => r.level)).toEqual(["error", "error", "error", "error", "warning", "error", "note", "note"]);
    const rules = render().log.runs[0]!.tool.driver.rules;
    for (const r of a) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it("strips terminal escapes from hostile evidence and marks a scan that could not run", () => {
    const { text, log } = render();
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\\u001b");
    expect(text).not.toContain("\\u0007");
    const bola = log.runs[0]!.results.find((r) => r.ruleId === "bolaAuthorization.cross-identity-access")!;
    expect(bola.properties.evidence[0]!.excerpt).toContain("</script><script>alert('xss')</script>");
    expect(HOSTILE).toContain("\u001b[31m");
    expect(render(failedReport).log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
    expect(render(cleanReport).log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
    expect(render(cleanReport).log.runs[0]!.results).toEqual([]);
  });
});
