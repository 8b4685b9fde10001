import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HTML_SCRIPT, HTML_STYLE } from "../../src/report/renderers/_html-assets.js";
import { renderHtml } from "../../src/report/renderers/html.js";
import { cleanReport, failedReport, sampleReport } from "./fixtures/sample-report.js";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decode = (v: string) => v.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]!);

/** Every start tag of the document with its attribute names (text is escaped, so `<` only opens our tags). */
function tags(html: string): { name: string; attrs: Record<string, string> }[] {
  return Array.from(html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g), (m) => {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([^\s=>]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) attrs[a[1]!.toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? "");
    return { name: m[1]!.toLowerCase(), attrs };
  });
}

describe("html renderer", () => {
  const html = renderHtml(sampleReport);

  it("is one self-contained document: nothing refers to another resource", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    const all = tags(html);
    const fetching = ["src", "href", "srcset", "action", "formaction", "poster", "data", "background", "ping", "manifest"];
    for (const t of all) for (const a of fetching) expect(t.attrs[a], `<${t.name} ${a}>`).toBeUndefined();
    expect(all.filter((t) => ["link", "img", "iframe", "object", "embed", "base", "form", "audio", "video"].includes(t.name))).toEqual([]);
    expect(HTML_STYLE).not.toMatch(/url\(|@import/);
    // Hostile markup survives only as text: escaped, never as a tag that could fetch.
    expect(html).toContain("&lt;link rel=stylesheet href=https://evil.example/x.css&gt;");
  });

  it("pins its one script with a CSP hash and forbids every other source", () => {
    const meta = tags(html).find((t) => t.name === "meta" && t.attrs["http-equiv"] === "Content-Security-Policy")!;
    const hash = createHash("sha256").update(HTML_SCRIPT).digest("base64");
    expect(meta.attrs.content).toContain("default-src 'none'");
    expect(meta.attrs.content).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain(`<script>${HTML_SCRIPT}</script>`);
    expect(tags(html).filter((t) => t.name === "script")).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
  });

  it("escapes every byte of hostile target text", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).not.toContain('<a href="https://evil.example');
    expect(html).not.toContain("\u001b");
    expect(html).not.toContain("\u0007");
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;link rel=stylesheet href=https://evil.example/x.css&gt;");
    // The fingerprint evidence and error messages are target-derived too.
    expect(renderHtml(failedReport)).toContain("ECONNREFUSED 127.0.0.1:9 &lt;script&gt;x&lt;/script&gt;");
  });

  it("renders grade, categories, findings with evidence and reproduce lines, and the filters", () => {
    expect(html).toContain('<div class="grade g-F" aria-label="Grade F">F</div>');
    expect(html).toContain("Object-level authorization");
    expect(html).toMatch(/<i class="g-F" style="width:50%"><\/i><\/span><b>50<\/b>/);
    const articles = tags(html).filter((t) => t.name === "article");
    expect(articles.map((a) => a.attrs["data-severity"])).toEqual(sampleReport.findings.map((f) => f.severity));
    expect(articles.map((a) => a.attrs["data-category"])).toEqual(sampleReport.findings.map((f) => f.category));
    expect(html).toContain("<h4>Reproduce</h4><pre>curl -H &#39;Authorization: Bearer &lt;TOKEN&gt;&#39;");
    expect(html).toContain("<summary>Evidence (2)</summary>");
    const boxes = tags(html).filter((t) => t.name === "input" && "data-filter-severity" in t.attrs);
    expect(boxes.map((b) => b.attrs.value)).toEqual(["critical", "high", "medium", "low", "info"]);
    const options = tags(html).filter((t) => t.name === "option").map((o) => o.attrs.value);
    expect(options).toEqual(["", "authentication", "bolaAuthorization", "encryption", "llmSecurity", "inventoryManagement"]);
    expect(html).toContain("Suppressed by baseline (1)");
    expect(html).toContain("Not tested (2)");
  });

  it("is readable on a phone and printable", () => {
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(HTML_STYLE).toContain("@media (max-width:640px)");
    expect(HTML_STYLE).toMatch(/@media print\{[^]*article\[hidden\]\{display:block\}/);
    expect(HTML_SCRIPT).toContain("beforeprint");
  });

  it("lists observations apart from findings, escaped, and has no such section without them", () => {
    const out = renderHtml({ ...sampleReport, observations: [{ checkId: "authentication.jwt-header-key-injection", message: "the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/k but refused the token (401) <img>" }] });
    expect(out).toContain(
      '<section id="observations"><h2>Observations, not findings: no score effect (1)</h2><table><thead><tr><th>Check</th><th>What the target did</th></tr></thead><tbody><tr><td><code>authentication.jwt-header-key-injection</code></td><td>the target fetched the key set named in the token&#39;s jku header from http://127.0.0.1:4100/k but refused the token (401) &lt;img&gt;</td></tr></tbody></table></section>',
    );
    expect(html).not.toContain('id="observations"');
  });

  it("says when there is nothing to show and why", () => {
    expect(renderHtml(cleanReport)).toContain('<p class="empty">No findings.</p>');
    const failed = renderHtml(failedReport, { gate: { passed: false, reasons: ["scan <error>"] } });
    expect(failed).toContain("The scan could not run");
    expect(failed).toContain("No findings: nothing was tested.");
    expect(failed).toContain("Gate failed</b>: scan &lt;error&gt;");
  });
});
