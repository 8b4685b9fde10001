// The committed bundle is what runners execute: it must run on its own and carry no native module, and
// action.yml must declare exactly the inputs and outputs the code uses. (Freshness against src/ is
// `npm run check:action`, run before a release: other work changes src/ all the time.)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ACTION_INPUT_NAMES } from "../../src/surfaces/action/inputs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUNDLE = path.join(ROOT, "action/dist/index.js");

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}
const actionYml = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionYml;

describe("action bundle", () => {
  it("is declared as a node24 action whose inputs and outputs match the code", () => {
    expect(actionYml.runs).toEqual({ using: "node24", main: "action/dist/index.js" });
    expect(Object.keys(actionYml.inputs).sort()).toEqual([...ACTION_INPUT_NAMES].sort());
    expect(Object.keys(actionYml.outputs).sort()).toEqual(["findings-count", "grade", "incomplete", "passed", "report-json", "sarif", "score"]);
    const run = readFileSync(path.join(ROOT, "src/surfaces/action/run.ts"), "utf8");
    for (const name of Object.keys(actionYml.outputs)) expect(run).toMatch(new RegExp(`["\\s]${name}"?:`));
  });

  it("carries no native module and runs on its own", () => {
    const text = readFileSync(BUNDLE, "utf8");
    expect(text.startsWith("import { createRequire")).toBe(true);
    expect(text).not.toMatch(/require\(["'](better-sqlite3|bindings)["']\)/);
    expect(text).not.toMatch(/\.node["']\)/);
    // A copy outside the repository (no node_modules to fall back on), as a runner checks the action out.
    const dir = mkdtempSync(path.join(os.tmpdir(), "rampart-bundle-run-"));
    try {
      mkdirSync(path.join(dir, "action/dist"), { recursive: true });
      copyFileSync(BUNDLE, path.join(dir, "action/dist/index.js"));
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module", version: "9.9.9" }));
      const r = spawnSync(process.execPath, [path.join(dir, "action/dist/index.js")], { cwd: dir, env: { PATH: process.env["PATH"] ?? "", INPUT_THRESHOLD: "nope", GITHUB_WORKSPACE: dir }, encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stdout).toContain("::error title=Rampart::Rampart: input threshold must be a score 0-100 or a grade A-F (got 'NOPE')");
      expect(r.stderr).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
