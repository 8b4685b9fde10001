// Every probe family lands on a fixture model that is weak against it, and fails on fixtures that are
// not (including the echo wrapper, which repeats every attack and must never be credited).
import { beforeAll, describe, expect, it } from "vitest";
import { getAssessment, type LlmAssessment } from "../../src/llm/session.js";
import { FAMILIES, probesFor } from "../../src/llm/probes.js";
import type { ProbeFamily, ProbeResult } from "../../src/llm/types.js";
import { startEcho } from "./fixtures/echo.js";
import { startEncoding } from "./fixtures/encoding.js";
import { HARDENED_TOKEN, startHardened } from "./fixtures/hardened.js";
import { startNaive } from "./fixtures/naive.js";
import { startRoleplay } from "./fixtures/roleplay.js";
import { startTools } from "./fixtures/tools.js";
import type { FixtureApp } from "./fixtures/wrapper.js";
import { testScan } from "./helpers/context.js";

type Name = "naive" | "encoding" | "tools" | "echo" | "hardened" | "roleplay";
const starters: Record<Name, () => Promise<FixtureApp>> = {
  naive: startNaive,
  encoding: startEncoding,
  tools: startTools,
  echo: startEcho,
  hardened: startHardened,
  roleplay: startRoleplay,
};
const results = {} as Record<Name, LlmAssessment>;

beforeAll(async () => {
  for (const name of Object.keys(starters) as Name[]) {
    const app = await starters[name]();
    const t = await testScan({ target: app.endpoint, depth: "deep", llm: { targetIsEndpoint: true }, ...(name === "hardened" ? { bearer: HARDENED_TOKEN } : {}) });
    try {
      results[name] = await getAssessment(t.context("llmSecurity.endpoint-detected"));
    } finally {
      await t.close();
      await app.close();
    }
  }
}, 60_000);

function family(name: Name, f: ProbeFamily): ProbeResult[] {
  const ep = results[name].endpoints[0];
  expect(ep, `${name} has an assessed endpoint`).toBeDefined();
  return (ep?.results ?? []).filter((r) => r.probe.family === f);
}

const landed = (name: Name, f: ProbeFamily) => family(name, f).filter((r) => r.verdict.success);

const EXPECT: Record<ProbeFamily, { lands: Name; fails: Name[] }> = {
  "system-prompt-extraction": { lands: "naive", fails: ["hardened", "echo", "tools", "roleplay"] },
  "instruction-override": { lands: "naive", fails: ["hardened", "echo", "encoding", "roleplay"] },
  jailbreak: { lands: "roleplay", fails: ["naive", "hardened", "echo"] },
  encoding: { lands: "encoding", fails: ["naive", "hardened", "echo"] },
  "few-shot": { lands: "naive", fails: ["hardened", "echo", "roleplay"] },
  "nested-instruction": { lands: "naive", fails: ["hardened", "echo", "encoding"] },
  "markdown-exfiltration": { lands: "naive", fails: ["hardened", "echo", "roleplay"] },
  "multi-turn": { lands: "roleplay", fails: ["naive", "hardened", "echo"] },
  "tool-abuse": { lands: "tools", fails: ["naive", "hardened", "echo"] },
  "pii-extraction": { lands: "naive", fails: ["hardened", "echo", "tools"] },
  "unbounded-cost": { lands: "naive", fails: ["hardened"] },
};

describe("probe families", () => {
  it("the expectation table covers every family", () => {
    expect(Object.keys(EXPECT).sort()).toEqual([...FAMILIES].sort());
  });

  for (const f of FAMILIES) {
    it(`${f}: lands on the ${EXPECT[f].lands} fixture`, () => {
      const wins = landed(EXPECT[f].lands, f);
      expect(wins.length).toBeGreaterThan(0);
      for (const w of wins) {
        expect(w.exchange).not.toBeNull();
        expect(w.verdict.note.length).toBeGreaterThan(10);
      }
    });
    for (const other of EXPECT[f].fails) {
      it(`${f}: fails on the ${other} fixture`, () => {
        // The family was really tried there (sent, not skipped), and nothing landed.
        expect(family(other, f).filter((r) => !r.skipped).length).toBeGreaterThan(0);
        expect(landed(other, f).map((r) => r.probe.id)).toEqual([]);
      });
    }
  }

  it("sends each depth's whole tier, within its budget, one probe per catalog row", () => {
    const naive = results.naive.endpoints[0]!;
    expect(naive.results.map((r) => r.probe.id)).toEqual(probesFor("deep").map((p) => p.id));
    expect(naive.results.filter((r) => !r.skipped).length).toBeLessThanOrEqual(60);
  });

  it("the echo wrapper repeats canaries but is never credited with following them", () => {
    const echo = results.echo.endpoints[0]!;
    expect(echo.baseline?.echoes).toBe(true);
    const echoed = echo.results.filter((r) => r.verdict.note.includes("only where the prompt is echoed"));
    expect(echoed.length).toBeGreaterThan(10);
    const wins = echo.results.filter((r) => r.verdict.success).map((r) => r.probe.family);
    expect(wins.every((f) => f === "unbounded-cost")).toBe(true);
  });

  it("a jailbreak counts only where the plain request was refused", () => {
    const naiveJb = family("naive", "jailbreak");
    expect(naiveJb.some((r) => /already succeeded|without a refusal/.test(r.verdict.note))).toBe(true);
    for (const w of landed("roleplay", "jailbreak")) expect(w.verdict.note).toMatch(/was refused/);
  });

  it("encoded probes land on the filtered model where their plain twin was refused", () => {
    const wins = landed("encoding", "encoding").map((r) => r.probe.id);
    expect(wins).toEqual(expect.arrayContaining(["encoding-base64", "encoding-rot13", "translated-french", "encoding-base64-extract"]));
    const plain = results.encoding.endpoints[0]!.results.find((r) => r.probe.id === "override-ignore-previous")!;
    expect(plain.verdict.refused).toBe(true);
  });
});
