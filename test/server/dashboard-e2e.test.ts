// The dashboard end to end in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
// sign-in, a scan started from the form and followed live to the end, filters, triage, diff, token
// management, CSRF and sign-in limits, keyboard focus, phone width, print, and axe-core with no serious
// or critical violation. Every server here listens on 127.0.0.1.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { startDemo, type DemoServer } from "../../src/demo/customer-api.js";
import { openStore, type ScanStore } from "../../src/store/index.js";
import { MonitorTable } from "../../src/store/monitors.js";
import { dashboardPlugin, DEFAULT_ASSETS_DIR } from "../../src/server/dashboard.js";
import { buildServer } from "../../src/server/app.js";
import { dashboardSession } from "../../src/server/session-routes.js";
import { TokenService } from "../../src/server/tokens.js";
import { createTargetGuard } from "../../src/server/target-guard.js";
import { CHROMIUM, seriousViolations } from "./helpers/browser.js";
import { startReceiver, testKey, type Receiver } from "../webhooks/_fixtures.js";
import { EVENT_TYPES } from "../../src/monitor/events.js";
import { EVENT_TYPES as DASHBOARD_EVENT_TYPES } from "../../src/monitor/event-types.js";

/** Routes the dashboard reads besides sign-in: the API must serve every one. */
const NEEDED: [string, string][] = [
  ["GET", "/api/targets"],
  ["GET", "/api/scans/:id"],
  ["GET", "/api/scans/:id/events"],
  ["GET", "/api/diff"],
  ["PUT", "/api/findings/:findingId/triage"],
  ["GET", "/api/monitors"],
  ["POST", "/api/monitors"],
  ["GET", "/api/monitors/:id"],
  ["GET", "/api/monitors/:id/runs"],
  ["POST", "/api/monitors/:id/pause"],
  ["POST", "/api/monitors/:id/resume"],
  ["DELETE", "/api/monitors/:id"],
  ["GET", "/api/webhooks"],
  ["POST", "/api/webhooks"],
  ["PATCH", "/api/webhooks/:id"],
  ["POST", "/api/webhooks/:id/rotate"],
  ["DELETE", "/api/webhooks/:id"],
  ["GET", "/api/deliveries"],
  ["POST", "/api/deliveries/:id/redeliver"],
];

const built = fs.existsSync(path.join(DEFAULT_ASSETS_DIR, "assets", "app.js"));
if (!CHROMIUM) console.warn("skipping dashboard end-to-end tests: chromium is not installed");
const run = Boolean(CHROMIUM && built);

let dir: string;
let store: ScanStore;
let server: FastifyInstance;
let base: string;
let demo: DemoServer;
let browser: Browser;
let receiver: Receiver;
const tokens: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };

async function signIn(context: BrowserContext, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Targets" }).waitFor();
  return page;
}

describe("dashboard event types", () => {
  it("offers exactly the server's event types in the webhook form", () => {
    expect([...DASHBOARD_EVENT_TYPES]).toEqual([...EVENT_TYPES]);
  });
});

describe.skipIf(!run)("dashboard in headless Chromium", () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-dash-"));
    store = openStore({ path: path.join(dir, "rampart.db") });
    const service = new TokenService(store);
    for (const role of ["admin", "operator", "viewer"] as const) tokens[role] = (await service.create(role, `${role} (e2e)`)).token;
    const session = dashboardSession({ tls: false, tokens: service });
    server = await buildServer({
      store,
      guard: createTargetGuard(),
      session: session.authenticate,
      plugins: [session.routes, dashboardPlugin()],
      // Monitors scan the demo API on the scheduler; webhooks retry within a fraction of a second, so a
      // receiver that answers 500 produces a dead letter while the test watches.
      monitoring: { tickMs: 200 },
      webhooks: { key: testKey(), retry: { baseMs: 30, maxDelayMs: 60, windowMs: 400 }, pollMs: 50, timeoutMs: 2000 },
    });
    base = await server.listen({ host: "127.0.0.1", port: 0 });
    demo = await startDemo({ hardened: false });
    receiver = await startReceiver();
    browser = await chromium.launch({ executablePath: CHROMIUM as string, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close?.();
    await demo?.close();
    await receiver?.close();
    store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is served every API route the dashboard reads", () => {
    const absent = NEEDED.filter(([method, url]) => !server.hasRoute({ method: method as "GET", url })).map(([m, u]) => `${m} ${u}`);
    expect(absent).toEqual([]);
  });

  it("refuses a wrong token on the page, then signs in with an HttpOnly SameSite=Strict cookie", async () => {
    const context = await browser.newContext({ bypassCSP: true }); // only so axe can be injected
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Sign in to Rampart" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("API token").fill("rmp_not-a-real-token-000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("unknown or revoked");
    await page.getByLabel("API token").fill(tokens.operator);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Targets" }).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "rampart_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    // The token itself is kept nowhere in the browser.
    const stored = await page.evaluate<string>("JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie");
    expect(stored).not.toContain(tokens.operator);
    await context.close();
  });

  it("starts a scan from the form, follows it live to the end, filters and triages its findings", async () => {
    const context = await browser.newContext({ bypassCSP: true }); // only so axe can be injected
    const page = await signIn(context, tokens.operator);
    await page.getByRole("link", { name: "New scan" }).click();
    await page.getByRole("heading", { level: 1, name: "New scan" }).waitFor();
    expect(await page.evaluate("document.activeElement?.tagName")).toBe("H1"); // focus moved to the view
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Target URL").fill(demo.url);
    await page.getByLabel("Depth").selectOption("quick");
    await page.getByRole("button", { name: "Start scan" }).click();

    // Live: the progress panel first (queued or running), then the finished scan.
    await page.getByRole("heading", { name: /Scan of/ }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Findings" }).waitFor({ timeout: 90_000 });
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/Scan completed: grade [A-F]/);
    const total = await page.locator("article.finding").count();
    expect(total).toBeGreaterThan(3);
    expect(await page.locator("#finding-count").textContent()).toMatch(new RegExp(`Showing ${total} of ${total} findings`));

    // Filter by severity: only critical cards remain, and the count says so.
    await page.getByLabel("Severity", { exact: true }).selectOption("critical");
    const critical = await page.locator("article.finding").count();
    expect(critical).toBeGreaterThan(0);
    expect(critical).toBeLessThan(total);
    expect(await page.locator("article.finding .pill.sev-critical").count()).toBe(critical);
    expect(page.url()).toContain("severity=critical");
    await page.getByLabel("Severity", { exact: true }).selectOption("");
    const category = await page.getByLabel("Category", { exact: true }).locator("option").nth(1).getAttribute("value");
    await page.getByLabel("Category", { exact: true }).selectOption(category as string);
    expect(await page.locator("article.finding").count()).toBeLessThan(total);
    await page.getByLabel("Category", { exact: true }).selectOption("");

    // A finding shows evidence, the curl line, the fix and its compliance mapping.
    const first = page.locator("article.finding").first();
    const title = (await first.locator(".title").textContent()) as string;
    await first.locator("summary").click();
    await expect.poll(() => first.locator("h4").allTextContents()).toEqual(expect.arrayContaining(["Evidence", "Reproduce", "Compliance mapping", "Triage"]));
    expect(await first.locator("pre.curl").textContent()).toMatch(/^curl /);
    expect(await seriousViolations(page)).toEqual([]);

    // Triage: accept it with a reason; it leaves the open list and the score is recomputed without it.
    const scoreBefore = await page.locator(".summary dd").nth(4).textContent();
    await first.getByLabel("Decision").selectOption("accepted");
    await first.getByLabel("Reason").fill("compensating control at the gateway");
    await first.getByRole("button", { name: "Save triage" }).click();
    await expect.poll(() => page.locator("#finding-count").textContent()).toMatch(new RegExp(`Showing ${total - 1} of ${total} findings`));
    await page.getByLabel("Status", { exact: true }).selectOption("accepted");
    await expect.poll(() => page.locator("article.finding").count()).toBe(1);
    expect(await page.locator("article.finding").first().textContent()).toContain("compensating control at the gateway");
    const scoreAfter = await page.locator(".summary dd").nth(4).textContent();
    expect(Number.parseInt(scoreAfter ?? "0", 10)).toBeGreaterThanOrEqual(Number.parseInt(scoreBefore ?? "0", 10));
    expect(title).not.toBe("");

    // Printable: navigation and forms are hidden in print, findings are not.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.top").isVisible()).toBe(false);
    expect(await page.locator("article.finding").first().isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
    await context.close();
  });

  it("compares two scans of the target, and the overview shows its grade, trend and open findings", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await signIn(context, tokens.operator);
    // A second scan through the API (same session, with its CSRF header), then the diff in the page.
    const started = await page.evaluate(async (target) => {
      const me = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const res = await fetch("/api/scans", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({ url: target, depth: "quick", checks: ["encryption.", "dataExposure."] }),
      });
      return { status: res.status, body: (await res.json()) as { id: string } };
    }, demo.url);
    expect(started.status).toBe(202);
    await page.goto(`${base}/#/scans/${started.body.id}`);
    await page.getByRole("heading", { level: 2, name: "Findings" }).waitFor({ timeout: 90_000 });

    await page.getByRole("link", { name: "Compare", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Compare scans" }).waitFor();
    await page.getByRole("button", { name: "Compare" }).click();
    await page.getByRole("heading", { name: /Resolved findings \(\d+\)/ }).waitFor();
    const resolved = Number(/\((\d+)\)/.exec((await page.getByRole("heading", { name: /Resolved findings/ }).textContent()) ?? "")?.[1]);
    expect(resolved).toBeGreaterThan(0); // the second scan ran only two categories
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Targets" }).click();
    await page.getByRole("heading", { level: 1, name: "Targets" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: demo.url });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator(".grade").count()).toBe(1);
    expect(await row.locator(".sparkline svg").count()).toBe(1);
    expect(await row.locator(".sev-counts li").count()).toBe(5);
    expect(await seriousViolations(page)).toEqual([]);

    // Readable on a phone: no sideways scrolling at 375 px.
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(376);
    await context.close();
  });

  it("refuses a metadata target in the form with the guard's reason", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, tokens.operator);
    await page.goto(`${base}/#/new`);
    await page.getByLabel("Target URL").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByRole("button", { name: "Start scan" }).click();
    await expect.poll(() => page.locator("#scan-error").textContent()).toMatch(/refused: .*169\.254\.169\.254.*link-local/);
    await context.close();
  });

  it("needs the CSRF header for state-changing requests made with the session cookie", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, tokens.operator);
    const statuses = await page.evaluate(async (target) => {
      const post = (headers: Record<string, string>) =>
        fetch("/api/scans", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ url: target, checks: ["encryption.hsts-missing"] }) });
      const without = await post({});
      const wrong = await post({ "x-csrf-token": "forged" });
      return [without.status, wrong.status, ((await without.json()) as { message: string }).message];
    }, demo.url);
    expect(statuses.slice(0, 2)).toEqual([403, 403]);
    expect(statuses[2]).toContain("x-csrf-token");
    await context.close();
  });

  it("lets an admin create a token (shown once) and revoke it, which ends its sessions", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await signIn(context, tokens.admin);
    await page.getByRole("link", { name: "Tokens" }).click();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    await page.getByLabel("Name").fill("dashboard-made");
    await page.getByLabel("Role").selectOption("viewer");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = await page.getByLabel("New token").inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    expect(await seriousViolations(page)).toEqual([]);

    // The new viewer signs in elsewhere; it sees no New-scan link.
    const other = await browser.newContext();
    const viewerPage = await signIn(other, secret);
    expect(await viewerPage.getByRole("link", { name: "New scan" }).count()).toBe(0);

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Revoke token dashboard-made" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("revoked");
    const after = await viewerPage.evaluate(async () => (await fetch("/api/session")).status);
    expect(after).toBe(401);
    await other.close();
    await context.close();
  });

  it("subscribes a webhook (secret shown once), adds a monitor from the form, follows its runs, and redelivers a dead letter", async () => {
    const context = await browser.newContext({ bypassCSP: true }); // only so axe can be injected
    const page = await signIn(context, tokens.admin);
    page.on("dialog", (d) => void d.accept());

    // Webhooks: subscribe the receiver to every event; it answers 500 for now, so deliveries die.
    receiver.respond(500);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    expect(await page.getByText("No dead letters").count()).toBe(1);
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Minimum severity").selectOption("high");
    await page.getByLabel("Description (optional)").fill('<img src=x onerror="window.pwned=1">');
    await page.getByRole("button", { name: "Subscribe endpoint" }).click();
    const secret = await page.getByLabel("New signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets.push(secret);
    const endpointRow = page.getByRole("row").filter({ hasText: `127.0.0.1:${receiver.port}` });
    await expect.poll(() => endpointRow.count()).toBe(1);
    // Hostile text is shown as text, never parsed as HTML.
    expect(await endpointRow.textContent()).toContain('<img src=x onerror="window.pwned=1">');
    expect(await page.locator("main img").count()).toBe(0);
    expect(await endpointRow.textContent()).toContain("high");
    expect(await seriousViolations(page)).toEqual([]);
    // Shown once: after a reload the page no longer has it anywhere.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    expect(await page.content()).not.toContain(secret);

    // Monitors: create one from the form; an `every` schedule runs at once.
    await page.getByRole("link", { name: "Monitors" }).click();
    await page.getByRole("heading", { level: 1, name: "Monitors" }).waitFor();
    expect(await page.getByText("No monitors yet.").count()).toBe(1);
    await page.getByLabel("Target URL").fill(demo.url);
    await page.getByLabel("Name (optional)").fill("demo <b>API</b>");
    await page.getByLabel("Schedule", { exact: true }).fill("1h");
    await page.getByLabel("Depth").selectOption("quick");
    await page.getByRole("button", { name: "Create monitor" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain(`Monitor of ${demo.url} created`);
    const link = page.getByRole("link", { name: "demo <b>API</b>" });
    await link.waitFor();
    expect(await page.getByRole("row").filter({ hasText: "every 1h" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // A bad schedule is refused with the server's reason.
    await page.getByLabel("Target URL").fill(demo.url);
    await page.getByLabel("Schedule", { exact: true }).fill("1s");
    await page.getByRole("button", { name: "Create monitor" }).click();
    await expect.poll(() => page.locator("#monitor-error").textContent()).toMatch(/schedule/);

    // The detail lists the run once it has finished: grade, status, a link to its scan, "first run".
    await link.click();
    await page.getByRole("heading", { level: 1, name: "Monitor of demo <b>API</b>" }).waitFor();
    const monitorId = decodeURIComponent(page.url().split("#/monitors/")[1] ?? "");
    await expect
      .poll(
        async () => page.evaluate(async (id) => ((await (await fetch(`/api/monitors/${id}/runs`)).json()) as { items: { status: string }[] }).items[0]?.status, monitorId),
        { timeout: 90_000, interval: 500 },
      )
      .toBe("completed");
    await page.reload();
    const runRow = page.getByRole("row").filter({ hasText: "first run" });
    await runRow.waitFor();
    expect(await runRow.locator(".grade").textContent()).toMatch(/[A-F]/);
    const scanHref = await runRow.getByRole("link").getAttribute("href");
    expect(scanHref).toMatch(/^#\/scans\/.+/);
    expect(await seriousViolations(page)).toEqual([]);

    // Pause and resume from the detail page.
    await page.getByRole("button", { name: /^Pause monitor/ }).click();
    await page.getByRole("button", { name: /^Resume monitor/ }).waitFor();
    expect(await page.locator(".facts").textContent()).toContain("paused");
    await page.getByRole("button", { name: /^Resume monitor/ }).click();
    await page.getByRole("button", { name: /^Pause monitor/ }).waitFor();

    // Edit: a new schedule and a data context; only the changed fields are sent, and the page shows them.
    await page.getByText("Edit this monitor").click();
    const edit = page.locator("form", { has: page.getByRole("heading", { name: "Edit monitor" }) });
    expect(await edit.getByLabel("Target URL").inputValue()).toBe(demo.url);
    expect(await edit.getByLabel("Depth").inputValue()).toBe("quick");
    await edit.getByLabel("Schedule", { exact: true }).fill("2h");
    await edit.getByLabel("Data context").selectOption("financial");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator(".facts").textContent()).toContain("every 2h");
    const saved = await page.evaluate(async (id) => (await (await fetch(`/api/monitors/${id}`)).json()) as { settings: Record<string, unknown> }, monitorId);
    expect(saved.settings).toMatchObject({ depth: "quick", context: "financial" });
    // Clearing a setting sends null, which the API takes as "clear".
    await page.getByText("Edit this monitor").click();
    await edit.getByLabel("Data context").selectOption("");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(async () => (await page.evaluate(async (id) => (await (await fetch(`/api/monitors/${id}`)).json()) as { settings: Record<string, unknown> }, monitorId)).settings["context"])
      .toBeUndefined();
    expect(await seriousViolations(page)).toEqual([]);

    // The list shows the last run with its grade and a link to the scan.
    await page.getByRole("link", { name: "Monitors" }).click();
    const listRow = page.getByRole("row").filter({ hasText: "demo <b>API</b>" });
    await listRow.waitFor();
    expect(await listRow.locator(`a[href="${scanHref}"]`).count()).toBe(1);
    expect(await listRow.textContent()).toContain("active");

    // The run's events (scan.completed and new high findings) die at the receiver; the dead letters show.
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
          return page.getByRole("button", { name: /^Redeliver delivery/ }).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    const deadRow = page.getByRole("row").filter({ has: page.getByRole("button", { name: /^Redeliver delivery/ }) }).first();
    expect(await deadRow.textContent()).toContain("HTTP 500");
    // Each delivery names the monitor (a link to it) and the target its event is about.
    expect(await deadRow.getByRole("link", { name: "demo <b>API</b>" }).getAttribute("href")).toBe(`#/monitors/${encodeURIComponent(monitorId)}`);
    expect(await deadRow.textContent()).toContain(demo.url);
    expect(await seriousViolations(page)).toEqual([]);

    // The receiver recovers; Redeliver sends it again, signed with the endpoint's secret.
    receiver.respond(204);
    const deliveryId = ((await deadRow.getByRole("button").getAttribute("aria-label")) ?? "").replace(/\D+/g, "");
    await deadRow.getByRole("button", { name: /^Redeliver delivery/ }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain(`Delivery ${deliveryId} queued again`);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(receiver.received.every((r) => r.verifiedWith === secret)).toBe(true);

    // Hold and resume deliveries to the endpoint.
    await page.getByRole("button", { name: /^Hold deliveries to/ }).click();
    await expect.poll(() => page.getByRole("row").filter({ hasText: `127.0.0.1:${receiver.port}` }).textContent()).toContain("held");
    await page.getByRole("button", { name: /^Resume deliveries to/ }).click();
    await expect.poll(() => page.getByRole("row").filter({ hasText: `127.0.0.1:${receiver.port}` }).textContent()).toContain("active");

    // Filtered to delivered: the redelivered one is listed with its attempts.
    await page.getByLabel("Delivery status").selectOption("delivered");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.url()).toContain("status=delivered");
    const deliveredRow = page.getByRole("row").filter({ hasText: "delivered" }).filter({ has: page.getByRole("rowheader", { name: deliveryId, exact: true }) });
    await deliveredRow.waitFor();

    // Sent again while the receiver fails, it dies again; "Redeliver all" on the endpoint sends every dead
    // letter once the receiver is back, and none is left.
    receiver.respond(500);
    await deliveredRow.getByRole("button", { name: `Redeliver delivery ${deliveryId}` }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
          return page.getByRole("button", { name: /^Redeliver all/ }).count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);
    receiver.respond(204);
    const before = receiver.received.length;
    await page.getByRole("button", { name: /^Redeliver all/ }).click();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dead letters? of .* queued again/);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(before);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    expect(await page.getByText("No dead letters").count()).toBe(1);

    // Edit the endpoint: its events, minimum severity and description change; the URL (write-only) stays
    // unless a new one is typed, and only what changed is sent.
    await page.getByRole("button", { name: /^Edit endpoint/ }).click();
    const editForm = page.locator("form", { has: page.getByRole("heading", { name: /^Edit endpoint/ }) });
    expect(await editForm.getByLabel("New endpoint URL (optional)").inputValue()).toBe("");
    expect(await editForm.getByLabel("Minimum severity").inputValue()).toBe("high");
    expect(await editForm.getByLabel("all events").isChecked()).toBe(true);
    await editForm.getByLabel("all events").uncheck();
    await editForm.getByLabel("finding.new").check();
    await editForm.getByLabel("grade.changed").check();
    await editForm.getByLabel("Minimum severity").selectOption("medium");
    await editForm.getByLabel("Description (optional)").fill("ops channel");
    await editForm.getByRole("button", { name: "Save endpoint" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("saved");
    expect(await editForm.count()).toBe(0);
    const edited = page.getByRole("row").filter({ hasText: `127.0.0.1:${receiver.port}` });
    await expect.poll(() => edited.textContent()).toContain("ops channel");
    expect(await edited.textContent()).toContain("finding.new, grade.changed");
    expect(await edited.textContent()).toContain("medium");
    // A URL the guard refuses is refused in the form with the server's reason; Cancel closes the form.
    await page.getByRole("button", { name: /^Edit endpoint/ }).click();
    await editForm.getByLabel("New endpoint URL (optional)").fill("http://169.254.169.254/hook");
    await editForm.getByRole("button", { name: "Save endpoint" }).click();
    await expect.poll(() => page.locator("#webhook-edit-error").textContent()).toMatch(/url/);
    await editForm.getByRole("button", { name: "Cancel" }).click();
    expect(await editForm.count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Rotation shows a new secret once, and the old one still signs during the overlap.
    await page.getByRole("button", { name: /^Rotate secret of/ }).click();
    const rotated = await page.getByLabel("New signing secret").inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await expect.poll(() => page.locator("[aria-live] .ok").textContent()).toContain("still signs until");

    // Readable on a phone: no sideways scrolling on the webhooks page at 375 px.
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(376);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A viewer reads monitors and deliveries but sees no form and no buttons, and no endpoint list.
    const viewerContext = await browser.newContext();
    const viewer = await signIn(viewerContext, tokens.viewer);
    await viewer.getByRole("link", { name: "Monitors" }).click();
    await viewer.getByRole("row").filter({ hasText: "demo <b>API</b>" }).waitFor();
    expect(await viewer.getByRole("button", { name: /monitor/i }).count()).toBe(0);
    expect(await viewer.getByRole("heading", { name: "New monitor" }).count()).toBe(0);
    await viewer.getByRole("link", { name: "Webhooks" }).click();
    await viewer.getByRole("heading", { level: 2, name: "Deliveries" }).waitFor();
    expect(await viewer.getByRole("heading", { name: "Endpoints" }).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: /^Redeliver/ }).count()).toBe(0);
    await viewerContext.close();

    // Delete the monitor (from its page) and the endpoint. The webhooks page it leaves links every delivery
    // to the monitor too: wait until the monitor list has replaced it.
    await page.getByRole("link", { name: "Monitors" }).click();
    await page.getByRole("heading", { level: 1, name: "Monitors" }).waitFor();
    await page.getByRole("link", { name: "demo <b>API</b>" }).click();
    await page.getByRole("button", { name: /^Delete monitor/ }).click();
    await page.getByRole("heading", { level: 1, name: "Monitors" }).waitFor();
    await expect.poll(() => page.getByText("No monitors yet.").count()).toBe(1);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("button", { name: /^Delete endpoint/ }).click();
    await expect.poll(() => page.getByText("No endpoint is subscribed yet.").count()).toBe(1);
    await context.close();
  }, 240_000); // a real scheduled scan of the demo API on a shared machine

  it("pages the monitor list, 50 at a time, with links to the next and previous pages", async () => {
    const table = new MonitorTable(store.db);
    const made = Array.from({ length: 55 }, (_, i) =>
      table.insert({ name: `paged ${String(i).padStart(2, "0")}`, target: `http://127.0.0.1:9/paged${i}`, schedule: { every: "6h" }, paused: true, nextRunAt: null }, new Date(Date.now() + i)),
    );
    const context = await browser.newContext();
    const page = await signIn(context, tokens.viewer);
    await page.getByRole("link", { name: "Monitors" }).click();
    await page.getByText("Monitors 1–50 of 55").waitFor();
    expect(await page.getByRole("link", { name: "paged 49" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "paged 50" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Previous monitors" }).count()).toBe(0);
    await page.getByRole("link", { name: "Next monitors" }).click();
    await page.getByText("Monitors 51–55 of 55").waitFor();
    expect(page.url()).toContain("#/monitors?offset=50");
    expect(await page.getByRole("link", { name: /^paged / }).allTextContents()).toEqual(["paged 50", "paged 51", "paged 52", "paged 53", "paged 54"]);
    expect(await page.getByRole("link", { name: "Next monitors" }).count()).toBe(0);
    await page.getByRole("link", { name: "Previous monitors" }).click();
    await page.getByText("Monitors 1–50 of 55").waitFor();
    await context.close();
    for (const m of made) table.remove(m.id);
  }, 60_000);

  it("rate-limits failed sign-ins per address", async () => {
    const attempt = () =>
      fetch(`${base}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: "rmp_wrong-token-for-the-limit-test" }) });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt()).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // Even the right token waits out the lock.
    const right = await fetch(`${base}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: tokens.viewer }) });
    expect(right.status).toBe(429);
  });

  it("serves every asset itself under a strict CSP (nothing from the internet)", async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url());
    });
    const res = await page.goto(`${base}/`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.getByRole("heading", { name: "Sign in to Rampart" }).waitFor();
    expect(external).toEqual([]);
    await page.close();
  });
});
