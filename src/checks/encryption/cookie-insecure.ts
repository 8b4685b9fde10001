import { defineCheck } from "../../core/check.js";
import { isSessionCookie, parseSetCookies, redactCookie } from "./https/cookies.js";
import { isHttps, transportRefs } from "./https/_refs.js";

export default defineCheck({
  meta: {
    id: "encryption.cookie-insecure",
    title: "Cookie set without Secure/HttpOnly protection",
    category: "encryption",
    severity: "medium",
    how: "passive",
    description:
      "A Set-Cookie header lacks Secure (on HTTPS, or on any session cookie), lacks HttpOnly on a session cookie, or uses SameSite=None without Secure: the cookie can travel over plaintext or be read by injected script.",
    references: { ...transportRefs([614, 1004]), owaspTop10_2021: ["A02", "A05"] },
    remediation: {
      summary: "Set session cookies with `Secure; HttpOnly; SameSite=Lax` (or Strict).",
      steps: [
        "Mark every cookie Secure when the site is served over HTTPS, and always for session cookies.",
        "Mark session and token cookies HttpOnly so scripts cannot read them.",
        "Only use SameSite=None together with Secure.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    if (!ex.response) return;
    const https = isHttps(ex.request.url);
    for (const c of parseSetCookies(ex.response.headers["set-cookie"])) {
      const session = isSessionCookie(c.name);
      const problems: string[] = [];
      if (!c.secure && (https || session)) problems.push("no Secure");
      if (session && !c.httpOnly) problems.push("no HttpOnly");
      if (c.sameSite === "none" && !c.secure) problems.push("SameSite=None without Secure");
      if (problems.length === 0) continue;
      ctx.report({
        confidence: "confirmed",
        key: c.name,
        severity: session ? "medium" : "low",
        title: `Cookie '${c.name}' set without ${problems.map((p) => p.replace(/^no /, "")).join(" and ")}`,
        evidence: [{ exchange: ex, excerpt: `Set-Cookie: ${redactCookie(c)}`, note: problems.join("; ") }],
      });
    }
  },
});
