import { describe, expect, it } from "vitest";
import type { Finding, ScanReport } from "../../src/core/types.js";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/report/renderers/markdown.js";
import { failedReport, sampleFindings, sampleReport } from "./fixtures/sample-report.js";

/** What GitHub renders as Markdown/HTML: the text outside fenced code blocks and code spans. */
function outsideCode(md: string): string {
  let rest = md;
  // Fenced blocks: an opening run of ≥3 backticks closed by a run of the same length on its own line.
  rest = rest.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "");
  rest = rest.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
  return rest;
}

function many(n: number): ScanReport {
  const findings: Finding[] = Array.from({ length: n }, (_, i) => ({
    ...sampleFindings[i % sampleFindings.length]!,
    id: `bulk-${i}`,
    evidence: [{ request: `GET /api/items/${i}`, status: 200, excerpt: "x".repeat(2000) }],
  }));
  return { ...sampleReport, findings };
}

describe("markdown renderer", () => {
  const md = renderMarkdown(sampleReport, { marker: "<!-- rampart-report -->", gate: { passed: false, reasons: ["score 52 is under the threshold 70"] } });

  it("shows grade, score, the category table with bars, counts and top findings with fixes", () => {
    expect(md.split("\n")[0]).toBe("<!-- rampart-report -->");
    expect(md).toContain("grade **F** · score **52**/100");
    expect(md).toContain("| Category | Score | Grade | Findings |");
    expect(md).toContain("| Authentication | `█████░░░░░` 50 | 🔴 F | 1 |");
    expect(md).toContain("| Server\\-side request forgery | not applicable | – | – |".replace("\\-", "-"));
    expect(md).toContain("🔴 2 critical · 🟠 3 high · 🟡 1 medium · 🔵 1 low · ⚪ 1 info · 1 suppressed by baseline");
    expect(md).toContain("❌ **Gate failed:** score 52 is under the threshold 70");
    expect(md).toContain("#### 1. 🔴 Critical · Server accepts JWTs signed with alg none");
    expect(md).toContain("**Fix:** Reject tokens whose alg is none; pin the accepted algorithms.");
    expect(md).toContain("1. Pass algorithms=\\['RS256'\\] to jwt.decode.");
    expect(md).toContain("curl -H 'Authorization: Bearer <TOKEN>' 'http://127.0.0.1:8000/api/users/1'");
    expect(md).toContain("Score capped at 59");
    expect(md).toContain("spec `/repo/openapi.yaml`");
    expect(renderMarkdown(sampleReport, { baseDir: "/repo" })).toContain("spec `openapi.yaml`");
    expect(md).toContain("1 error(s) during the scan");
  });

  it("keeps hostile target text inert: no HTML, links, images, mentions or escapes outside code", () => {
    expect(md).not.toContain("\u001b");
    expect(md).not.toContain("\u0007");
    const prose = outsideCode(md);
    for (const bad of ["<script", "<img", "<a href", "<link", "@everyone", "](https://evil", "${{"]) expect(prose).not.toContain(bad);
    // The hostile text still reaches the reader inside the evidence block.
    expect(md).toContain("</script><script>alert('xss')</script>");
    // Allowed HTML is only ours.
    expect(prose.match(/<[a-z][^>]*>/gi)?.every((t) => /^<(details|summary|\/details|\/summary|sub|\/sub)>$/i.test(t)) ?? true).toBe(true);
  });

  it("uses fences longer than any backtick run in the content", () => {
    const evil: ScanReport = {
      ...sampleReport,
      findings: [{ ...sampleFindings[0]!, evidence: [{ request: "GET /", status: 200, excerpt: "````\n<script>alert(1)</script>\n````" }] }],
    };
    const out = renderMarkdown(evil);
    expect(out).toContain("`````text\n");
    expect(outsideCode(out)).not.toContain("<script");
  });

  it("stays under GitHub's comment limit and counts what it left out", () => {
    const big = many(3000);
    const out = renderMarkdown(big, { marker: "<!-- rampart-report -->" });
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const detailed = (out.match(/^#### \d+\. /gm) ?? []).length;
    const rows = (out.match(/^\| (🔴|🟠|🟡|🔵|⚪) /gm) ?? []).length;
    const left = Number(/_…and (\d+) more findings? not shown here/.exec(out)?.[1]);
    expect(detailed).toBe(10);
    expect(rows).toBeGreaterThan(50);
    expect(detailed + rows + left).toBe(3000);
    expect(out.endsWith("</sub>\n")).toBe(true);
    const small = renderMarkdown(big, { maxChars: 8000 });
    expect(small.length).toBeLessThanOrEqual(8000);
    expect(small).toMatch(/_…and \d+ more findings not shown here/);
  });

  it("lists partly skipped checks and observations briefly, folded, and neither when there is none", () => {
    const partial = { checkId: "authentication.jwt-header-key-injection", reason: "jku and x5u not tried: the target is not on loopback, so it needs --callback-host <host[:port]>", partial: true as const };
    const observation = { checkId: "authentication.jwt-header-key-injection", message: "the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/rampart-x/alice/jwks.json but refused the token (401): it resolves untrusted key URLs <b>" };
    const out = renderMarkdown({ ...sampleReport, skipped: { ...sampleReport.skipped, checks: [...sampleReport.skipped.checks, partial] }, observations: [observation] });
    expect(out).toContain(
      "<details><summary>1 check(s) partly skipped</summary>\n\n- `authentication.jwt-header-key-injection`: jku and x5u not tried: the target is not on loopback, so it needs --callback-host &lt;host\\[:port\\]&gt;\n\n</details>",
    );
    expect(out).toContain("<details><summary>1 observation(s), not findings (no score effect)</summary>\n\n- `authentication.jwt-header-key-injection`: the target fetched the key set named in the token's jku header from ");
    expect(outsideCode(out)).not.toContain("<b>");
    // A check skipped whole is not a partial skip; a report without either says nothing about them.
    expect(md).not.toContain("partly skipped");
    expect(md).not.toContain("observation(s)");
  });

  it("says plainly when the scan could not run", () => {
    const out = renderMarkdown(failedReport, { marker: "<!-- m -->" });
    expect(out).toContain("scan could not run");
    expect(out).toContain("connect ECONNREFUSED 127.0.0.1:9 &lt;script&gt;x&lt;/script&gt;");
    expect(out).not.toContain("grade **");
  });
});
