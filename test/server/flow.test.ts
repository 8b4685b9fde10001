/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// Following, cancelling, exporting and triaging scans through the API on a real server (127.0.0.1):
// SSE event order, cancel of a slow scan, every report format, targets, diff, triage applied to the score
// and honoured by `rampart scan` on the same store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { startServer, type RunningServer } from "../helpers/fixture-server.js";
import { startTarget, type Target } from "../mcp/fixtures/target.js";
import { startApi, waitForScan, type TestServer } from "./_server.js";

let api: TestServer;
let target: Target;
let slow: RunningServer;

beforeAll(async () => {
  target = await startTarget();
  // Answers after 20 s: a scan of it stays running until cancelled.
  slow = await startServer(async (_req, res) => {
    await new Promise((r) => setTimeout(r, 20_000));
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  await slow.close();
  await target.close();
});

const scanOf = async (body: Record<string, unknown> = {}) => {
  const r = await api.call("POST", "/api/scans", { body: { url: target.url, spec: `${target.url}/openapi.json`, depth: "quick", ...body } });
  expect(r.status).toBe(202);
  return r.body.id as string;
};

/** Reads an SSE stream to its end; returns [event, data] pairs. */
async function readEvents(path: string, token: string): Promise<[string, any][]> {
  const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event:"))
    .map((block) => {
      const [ev, data] = block.split("\n");
      return [(ev ?? "").slice(7), JSON.parse((data ?? "").slice(6))];
    });
}

describe("events, cancel, reports", () => {
  it("streams phases, findings and done over Server-Sent Events", async () => {
    const id = await scanOf();
    const events = await readEvents(`/api/scans/${id}/events`, api.token("viewer"));
    const types = events.map(([t]) => t);
    expect(types).toContain("phase");
    expect(types).toContain("finding");
    expect(types.at(-1)).toBe("done");
    expect(events.at(-1)?.[1]).toMatchObject({ status: "completed", grade: expect.stringMatching(/^[ABCDF]$/) });
    // After the end, the stream is just done.
    const again = await readEvents(`/api/scans/${id}/events`, api.token("viewer"));
    expect(again.map(([t]) => t)).toEqual(["done"]);
  });

  it("cancels a running scan; it ends cancelled and a second cancel is a conflict", async () => {
    const r = await api.call("POST", "/api/scans", { body: { url: slow.url, depth: "quick" } });
    const id = r.body.id as string;
    const until = Date.now() + 20_000;
    while ((await api.call("GET", `/api/scans/${id}`)).body.status !== "running" && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
    const viewerTry = await api.call("POST", `/api/scans/${id}/cancel`, { token: api.token("viewer") });
    expect(viewerTry.status).toBe(403);
    const cancelled = await api.call("POST", `/api/scans/${id}/cancel`, { token: api.token("operator") });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ id, status: "cancelled" });
    const final = await waitForScan(api, id, 20_000);
    expect(final.status).toBe("cancelled");
    expect(final.report).toBeNull();
    expect((await api.call("POST", `/api/scans/${id}/cancel`)).status).toBe(409);
    const report = await api.call("GET", `/api/scans/${id}/report?format=json`);
    expect(report.status).toBe(409);
  }, 40_000);

  it("exports the report in every format", async () => {
    const id = await scanOf();
    await waitForScan(api, id);
    const json = await api.call("GET", `/api/scans/${id}/report?format=json`);
    expect(json.body.scanId).toBe(id);
    const sarif = await api.call("GET", `/api/scans/${id}/report?format=sarif`);
    expect(sarif.body.version).toBe("2.1.0");
    const junit = await api.call("GET", `/api/scans/${id}/report?format=junit`);
    expect(junit.text).toContain("<testsuites");
    const md = await api.call("GET", `/api/scans/${id}/report?format=markdown`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    const html = await api.call("GET", `/api/scans/${id}/report?format=html`);
    expect(html.text).toContain("<html");
    expect(html.headers.get("content-security-policy")).toContain("script-src 'sha256-");
    const pdf = await fetch(`${api.url}/api/scans/${id}/report?format=pdf`, { headers: { authorization: `Bearer ${api.admin}` } });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const bad = await api.call("GET", `/api/scans/${id}/report?format=docx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("querystring.format");
  });
});

describe("targets, diff, triage", () => {
  it("triage takes a finding out of score and grade, for the API and for `rampart scan` on the same store", async () => {
    target.state.fixed = false;
    const id = await scanOf();
    const before = await waitForScan(api, id);
    const cookie = before.findings.find((f: { checkId: string }) => f.checkId.includes("cookie"));
    expect(cookie).toBeTruthy();

    const noReason = await api.call("PUT", `/api/findings/${cookie.id}/triage`, { body: { status: "accepted" } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain("body.reason");
    expect((await api.call("PUT", `/api/findings/${cookie.id}/triage`, { token: api.token("viewer"), body: { status: "false-positive" } })).status).toBe(403);
    const set = await api.call("PUT", `/api/findings/${cookie.id}/triage`, {
      token: api.token("operator"),
      body: { status: "accepted", reason: "session cookie is for a test realm", expires: "2099-12-31" },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ status: "accepted", findingId: cookie.id, updatedBy: "test operator" });

    const after = (await api.call("GET", `/api/scans/${id}`)).body;
    expect(after.findings.map((f: { id: string }) => f.id)).not.toContain(cookie.id);
    expect(after.suppressed.map((s: { findingId: string }) => s.findingId)).toContain(cookie.id);
    expect(after.score).toBeGreaterThanOrEqual(before.score);
    expect(after.counts.total).toBe(before.counts.total - 1);
    const listed = (await api.call("GET", `/api/scans?target=${encodeURIComponent(target.url)}&limit=1`)).body.items[0];
    expect(listed.findings.total).toBe(after.counts.total);

    // The CLI on the same store applies the triage before scoring.
    const cli = await runCli(["scan", target.url, "--spec", `${target.url}/openapi.json`, "--depth", "quick", "--format", "json"], {
      env: { RAMPART_HOME: api.dir },
    });
    const report = JSON.parse(cli.stdout);
    expect(report.findings.map((f: { id: string }) => f.id)).not.toContain(cookie.id);
    expect(report.suppressed.map((s: { findingId: string }) => s.findingId)).toContain(cookie.id);

    // Re-opened: it counts again.
    await api.call("PUT", `/api/findings/${cookie.id}/triage`, { body: { status: "open" } });
    const reopened = (await api.call("GET", `/api/scans/${id}`)).body;
    expect(reopened.findings.map((f: { id: string }) => f.id)).toContain(cookie.id);
    expect(reopened.score).toBe(before.score);
  }, 60_000);

  it("lists targets with their score history and diffs two scans", async () => {
    target.state.fixed = false;
    const first = await scanOf();
    await waitForScan(api, first);
    target.state.fixed = true;
    const second = await scanOf();
    await waitForScan(api, second);
    target.state.fixed = false;
    const targets = (await api.call("GET", "/api/targets", { token: api.token("viewer") })).body.items;
    const mine = targets.find((t: { target: string }) => t.target.startsWith(target.url));
    expect(mine.latest.id).toBe(second);
    expect(mine.history.length).toBeGreaterThanOrEqual(2);
    expect(mine.history.at(-1).id).toBe(second);
    const diff = await api.call("GET", `/api/diff?from=${first}&to=${second}`);
    expect(diff.status).toBe(200);
    expect(diff.body.resolvedFindings.some((f: { checkId: string }) => f.checkId.includes("cookie"))).toBe(true);
    const missing = await api.call("GET", `/api/diff?from=${first}`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain("querystring.to");
  }, 60_000);
});
