// The live progress line: drawn on a terminal from scan events, nothing at all on a pipe.
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

  it("writes nothing when stdout is not a terminal", async () => {
    const out: string[] = [];
    const p = createProgress(false, (s) => out.push(s));
    p.onEvent({ type: "phase", phase: "probe" });
    await new Promise((r) => setTimeout(r, 200));
    p.stop();
    expect(out).toEqual([]);
  });
});
