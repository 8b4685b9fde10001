// The built dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core): sign-in
// with a wrong and a right token, the session cookie's attributes as the browser stores them, nothing
// loaded from elsewhere, focus and keyboard, and axe-core with no serious or critical violation.
// Skips with one line when chromium or the built assets are missing (fails under RAMPART_REQUIRE_TOOLS=1).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ASSETS_DIR } from "../../src/server/dashboard.js";
import { access } from "../../src/server/session-routes.js";
import { CHROMIUM, seriousViolations } from "./helpers/browser.js";
import { sessionApp, type SessionApp } from "./helpers/session-app.js";

const built = fs.existsSync(path.join(DEFAULT_ASSETS_DIR, "assets", "app.js"));
if (!built && process.env["RAMPART_REQUIRE_TOOLS"]) throw new Error("the dashboard is not built (npm run build)");
if (!CHROMIUM) console.warn("skipping dashboard browser tests: chromium is not installed");
else if (!built) console.warn("skipping dashboard browser tests: the dashboard is not built (npm run build)");

describe.skipIf(!CHROMIUM || !built)("dashboard sign-in in headless Chromium", () => {
  let s: SessionApp;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    s = await sessionApp();
    s.app.get("/api/targets", { config: access("viewer") }, async () => ({ items: [] }));
    base = await s.app.listen({ host: "127.0.0.1", port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM as string, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.app.close();
  });

  it("refuses a wrong token on the page, then signs in with an HttpOnly SameSite=Strict cookie and keeps no token", async () => {
    const context = await browser.newContext({ bypassCSP: true }); // only so axe can be injected
    const page = await context.newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url());
    });
    const first = await page.goto(`${base}/`);
    expect(first?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.getByRole("heading", { name: "Sign in to Rampart" }).waitFor();
    expect(await page.evaluate("document.activeElement?.getAttribute('name')")).toBe("token"); // focus in the field
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("API token").fill("rmp_not-a-real-token-000000000000");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#signin-error").textContent()).toContain("unknown or revoked");
    expect(await page.getByLabel("API token").getAttribute("aria-invalid")).toBe("true");

    const op = s.tokens.create("operator", "ops");
    await page.getByLabel("API token").fill(op.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Targets" }).waitFor();
    expect(await page.evaluate("document.activeElement?.tagName")).toBe("H1"); // focus lands on the view
    expect(await page.getByText("No scans yet.").count()).toBe(1);
    expect(await page.getByRole("link", { name: "New scan" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Tokens" }).count()).toBe(0); // admins only
    expect(await seriousViolations(page)).toEqual([]);

    const cookie = (await context.cookies()).find((c) => c.name === "rampart_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/", secure: false });
    const kept = await page.evaluate<string>("JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie");
    expect(kept).not.toContain(op.token);
    expect(kept).not.toContain("rampart_session"); // HttpOnly: invisible to scripts

    // Keyboard: the skip link is the first stop of the page, and Enter on it moves focus to the content.
    const firstStop = await page.evaluate("document.querySelector('a[href], button, input, select, textarea')?.textContent");
    expect(firstStop).toBe("Skip to content");
    await page.focus("a.skip");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement?.id")).toBe("main");

    // Sign out: back to the sign-in page, and the cookie no longer opens a session.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Rampart" }).waitFor();
    expect(await page.evaluate("fetch('/api/session').then((r) => r.status)")).toBe(401);
    expect(external).toEqual([]);
    await context.close();
  });

  it("fits a phone screen without sideways scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Sign in to Rampart" }).waitFor();
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(361);
    await context.close();
  });
});
