// Progress from scan events: a live line on a terminal; phase lines and a heartbeat on a pipe (CI logs).
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/surfaces/cli/progress.js";

describe("progress display", () => {
  it("shows phase, requests against the budget and findings, then clears its line", async () => {
    const out: string[] = [];
    const p = createProgress(true, (s) => out.push(s));
    p.onEvent({ type: "phase", phase: "probe" });
    p.onEvent({ type: "requests", sent: 40, budget: 2000 });
    p.onEvent({ type: "finding", checkId: "dataExposure.ssn", severity: "high" });
    await new Promise((r) => setTimeout(r, 300));
    p.stop();
    const text = out.join("");
    expect(text).toContain("probe · 40/2000 requests · 1 findings");
    expect(out.at(-1)).toBe("\r\u001b[2K");
  });

  it("without a terminal, writes a line per phase and a heartbeat while a phase lasts", async () => {
    const out: string[] = [];
    const p = createProgress(false, (s) => out.push(s), { heartbeatMs: 100 });
    p.onEvent({ type: "phase", phase: "discover" });
    p.onEvent({ type: "phase", phase: "plan" });
    p.onEvent({ type: "operations-planned", count: 12, skipped: 1 });
    p.onEvent({ type: "phase", phase: "probe" });
    p.onEvent({ type: "requests", sent: 40, budget: 2000 });
    p.onEvent({ type: "finding", checkId: "dataExposure.ssn", severity: "high" });
    await new Promise((r) => setTimeout(r, 250));
    p.stop();
    const lines = out.join("").trimEnd().split("\n");
    expect(lines[0]).toMatch(/^rampart: planning · 0 requests · 0 findings · \d+ s$/);
    expect(lines[1]).toMatch(/^rampart: probing 12 operations · 0 requests/);
    expect(lines.slice(2).length).toBeGreaterThan(0);
    for (const l of lines.slice(2)) expect(l).toMatch(/^rampart: still probing · 40\/2000 requests · 1 findings · \d+ s$/);
    const after = out.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(out.length).toBe(after); // stopped: no more heartbeats
  });

  it("without a terminal, stays silent while reaching the target unless that outlasts a heartbeat", async () => {
    const out: string[] = [];
    const p = createProgress(false, (s) => out.push(s), { heartbeatMs: 10_000 });
    p.onEvent({ type: "scan-started", target: "http://127.0.0.1:9" });
    p.onEvent({ type: "phase", phase: "discover" });
    p.stop();
    expect(out).toEqual([]);
  });
});
