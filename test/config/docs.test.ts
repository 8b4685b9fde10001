// docs/ci.md is executed: its .rampart.yml example parses, and its workflow uses only declared Action inputs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config-file.js";

const doc = readFileSync(fileURLToPath(new URL("../../docs/ci.md", import.meta.url)), "utf8");
const blocks = Array.from(doc.matchAll(/```yaml\n([\s\S]*?)```/g), (m) => m[1]!);

describe("docs/ci.md", () => {
  it("shows a .rampart.yml that the config loader accepts", () => {
    const config = parseConfig(blocks[0]!, "docs/ci.md");
    expect(config).toMatchObject({ threshold: "B", failOn: "high", formats: ["json", "sarif", "markdown"], rate: 20 });
    expect(Object.keys(config.identities ?? {})).toEqual(["default", "alice", "bob"]);
  });

  it("shows a workflow that uses only the Action's declared inputs and outputs", () => {
    const action = parse(readFileSync(fileURLToPath(new URL("../../action.yml", import.meta.url)), "utf8")) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const workflow = parse(blocks.find((b) => b.includes("jobs:"))!) as {
      jobs: { rampart: { steps: { id?: string; uses?: string; with?: Record<string, unknown> }[] } };
    };
    const step = workflow.jobs.rampart.steps.find((s) => s.id === "rampart")!;
    for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    for (const m of doc.matchAll(/steps\.rampart\.outputs\.([\w-]+)/g)) expect(Object.keys(action.outputs)).toContain(m[1]);
  });
});
