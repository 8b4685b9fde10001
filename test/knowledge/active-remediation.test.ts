// Remediation for active mode's checks: every active check × every supported framework has its own snippet
// (table-driven), the snippets avoid the flaw they fix, each check carries CWE ids and a compliance
// mapping, and a real active scan of a fixture that fingerprints as Express reports the Express fix.
import { describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.js";
import { ACTIVE_IDIOMS } from "../../src/knowledge/remediation/frameworks/active/index.js";
import { CHECK_TOPICS, FRAMEWORKS, remediationFor } from "../../src/knowledge/remediation/index.js";
import type { ActiveIdioms } from "../../src/knowledge/remediation/types.js";
import { injectionApp, injectionSpec } from "../apps/injection-app.js";
import { findingsOf, scanApp } from "../apps/framework-scan.js";

const ACTIVE = checks.filter((c) => c.meta.how === "active").map((c) => c.meta);
const GENERIC_FALLBACK = "Review the finding's evidence and apply the fix described for this check.";

/** The code a snippet tells you to write: lines that warn against something ("never …") left out. */
const live = (code: string | null) => (code ?? "").split("\n").filter((l) => !/never/i.test(l)).join("\n");

/** What a fix must not do itself, per topic (the flaw it fixes, written the unsafe way). */
const UNSAFE: Partial<Record<ActiveTopic, RegExp>> = {
  commandArguments: /shell=True|shell:\s*true|"sh",\s*"-c"|sh -c|shell_exec|os\.system|Runtime\.getRuntime\(\)\.exec/,
  xmlParsing: /resolve_entities=True|noent:\s*true|LIBXML_NOENT|DtdProcessing\.Parse|config\.noent/,
  templateData: /from_string\(f"|render_template_string\(f"|render inline:|Blade::render\(|\.Parse\(user/,
  sqlParameters: /f"[^"\n]*(SELECT|WHERE)[^"\n]*\{|'\$\{|' *\+ *\w+ *\+ *'|#\{params/,
  inputAllowList: /Object\.assign\(\w+, req\.body\)|->update\(\$request->all\(\)\)|@RequestBody Order\b/,
};

/** What each topic's fix must contain in every framework. */
const REQUIRED: Partial<Record<ActiveTopic, RegExp>> = {
  sqlParameters: /\$1|\?|:status|%s|@status|\{status\}|filter_by|where\(status:/,
  jwtVerification: /RS256|RsaSha256/,
  loginThrottling: /429|Retry-After|throttle|RateLimit|rate_limit|limit/i,
};

type ActiveTopic = keyof ActiveIdioms;

/** The active idioms a check's row asks for (a row naming only transport idioms gives none). */
function topicsOf(checkId: string): ActiveTopic[] {
  const row = CHECK_TOPICS.find((r) => r.match === checkId)?.framework ?? [];
  return row.filter((t): t is ActiveTopic => t in ACTIVE_IDIOMS.express);
}

describe("remediation per stack for the active checks", () => {
  it("finds the active checks of the registry", () => {
    expect(ACTIVE.length).toBeGreaterThanOrEqual(15);
  });

  it.each(ACTIVE.map((m) => [m.id, m] as const))("%s: a topic row, CWE ids and a compliance mapping", (id, meta) => {
    expect(topicsOf(id).length, id).toBeGreaterThan(0);
    expect(meta.references.cwe?.length, id).toBeGreaterThan(0);
    expect((meta.references.owaspApi2023?.length ?? 0) + (meta.references.owaspTop10_2021?.length ?? 0), id).toBeGreaterThan(0);
    expect(meta.references.pciDss4?.length ?? meta.references.soc2?.length, id).toBeGreaterThan(0);
  });

  for (const meta of ACTIVE) {
    it.each([...FRAMEWORKS])(`${meta.id} on %s: the framework's own snippet after the check's advice`, (fw) => {
      const r = remediationFor(meta.id, { framework: fw, database: null }, meta.remediation);
      expect(r.framework).toBe(fw);
      expect(r.summary).toBe(meta.remediation.summary);
      expect(r.summary).not.toBe(GENERIC_FALLBACK);
      for (const step of meta.remediation.steps) expect(r.steps).toContain(step);
      const topics = topicsOf(meta.id);
      for (const topic of topics) {
        const snippet = ACTIVE_IDIOMS[fw][topic];
        expect(snippet.code.trim().length, `${fw}/${topic}`).toBeGreaterThan(40);
        expect(snippet.steps.length, `${fw}/${topic}`).toBeGreaterThan(0);
        expect(r.code).toContain(snippet.code);
        for (const step of snippet.steps) expect(r.steps).toContain(step);
        const unsafe = UNSAFE[topic];
        if (unsafe) expect(live(snippet.code), `${fw}/${topic}`).not.toMatch(unsafe);
        const required = REQUIRED[topic];
        if (required) expect(snippet.code, `${fw}/${topic}`).toMatch(required);
      }
      expect(r.code).not.toMatch(/\{\{\w+\}\}/);
    });
  }

  it("gives each framework a different fix per flaw (the two JWT checks share one)", () => {
    for (const fw of FRAMEWORKS) {
      const codes = new Map<string, string>();
      for (const meta of ACTIVE) {
        const topic = topicsOf(meta.id)[0]!;
        codes.set(topic, ACTIVE_IDIOMS[fw][topic].code);
      }
      expect(new Set(codes.values()).size, fw).toBe(codes.size);
    }
  });

  it("writes each flaw's fix in the framework's idiom", () => {
    const code = (id: string, fw: string) => remediationFor(id, { framework: fw, database: null }).code ?? "";
    expect(code("inputValidation.sql-injection", "express")).toMatch(/pool\.query\([\s\S]*\$1/);
    expect(code("inputValidation.sql-injection", "django")).toMatch(/cursor\.execute\("[^"]*%s", \[status\]\)/);
    expect(code("inputValidation.sql-injection", "spring-boot")).toMatch(/jdbc\.query\([\s\S]*status = \?/);
    expect(code("inputValidation.command-injection", "go")).toMatch(/exec\.CommandContext\(ctx, "ping", "-c", "1", host\)/);
    expect(code("inputValidation.xxe", "spring-boot")).toContain("disallow-doctype-decl");
    expect(code("inputValidation.xxe", "aspnet-core")).toContain("DtdProcessing.Prohibit");
    expect(code("inputValidation.path-traversal", "flask")).toContain("send_from_directory");
    expect(code("propertyAuthorization.mass-assignment-confirmed", "rails")).toMatch(/permit\(:quantity, :note\)/);
    expect(code("bflaAuthorization.role-escalation", "laravel")).toContain("can:admin");
    expect(code("authentication.unauthenticated-write", "aspnet-core")).toContain("FallbackPolicy");
    expect(code("authentication.user-enumeration", "rails")).toContain("config.paranoid = true");
    expect(code("authentication.jwt-key-confusion", "fastapi")).toMatch(/algorithms=\["RS256"\]/);
    expect(code("authentication.jwt-header-key-injection", "nestjs")).toContain("passportJwtSecret");
    expect(code("bolaAuthorization.cross-identity-write", "fastapi")).toMatch(/Order\.owner_id == user\.id/);
  });

  it("keeps the check's own advice for an unknown framework", () => {
    const meta = ACTIVE.find((m) => m.id === "inputValidation.sql-injection")!;
    const r = remediationFor(meta.id, { framework: "phoenix", database: null }, meta.remediation);
    expect(r).toMatchObject({ framework: null, summary: meta.remediation.summary, steps: meta.remediation.steps });
  });
});

describe("a report for a detected framework", () => {
  const spec = () => {
    const s = injectionSpec() as { paths: Record<string, unknown> };
    return { ...s, paths: { "/items/{id}": s.paths["/items/{id}"] } };
  };
  const checks = ["inputValidation.sql-injection"];

  it("fits the SQL injection finding to Express when the API says X-Powered-By: Express, and keeps the check's advice otherwise", async () => {
    const app = injectionApp(false);
    try {
      const express = await scanApp(
        (req, res) => {
          res.setHeader("X-Powered-By", "Express");
          return app.handler(req, res);
        },
        { spec: spec(), checks, mode: "active" },
      );
      expect(express.fingerprint.framework?.name).toBe("express");
      const [f] = findingsOf(express, "inputValidation.sql-injection");
      expect(f?.remediation.framework).toBe("express");
      expect(f?.remediation.code).toContain(ACTIVE_IDIOMS.express.sqlParameters.code);
      expect(f?.remediation.summary).toMatch(/^Bind every value as a query parameter/);

      const plain = await scanApp(app.handler, { spec: spec(), checks, mode: "active" });
      const [g] = findingsOf(plain, "inputValidation.sql-injection");
      expect(g?.remediation.framework).toBeNull();
      expect(g?.remediation.code ?? "").not.toContain("pool.query(");
    } finally {
      app.close();
    }
  }, 120_000);
});
