// The CLI's V8 flags: each goes only to the engines that know it, so no Node version prints V8's
// "unrecognized flag" error on every command (Node 22 and 24 did, for --interrupt-budget).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { v8FlagsFor } from "../../src/core/runtime.js";

describe("V8 flags for the CLI", () => {
  it("Node 20's V8 gets both flags; V8 12 and later (Node 22, 24), which dropped --interrupt-budget, only --liftoff-only", () => {
    expect(v8FlagsFor("11.3.244.8-node.38")).toEqual(["--liftoff-only", expect.stringMatching(/^--interrupt-budget=\d+$/)]);
    expect(v8FlagsFor("12.4.254.21-node.57")).toEqual(["--liftoff-only"]);
    expect(v8FlagsFor("13.6.233.17-node.63")).toEqual(["--liftoff-only"]);
  });

  it("this Node's V8 knows every flag it is given: setting them prints nothing", () => {
    const flags = v8FlagsFor(process.versions.v8);
    expect(flags.length).toBeGreaterThan(0);
    const stderrOf = (names: string[]): string =>
      spawnSync(process.execPath, ["-e", `for (const f of ${JSON.stringify(names)}) require("node:v8").setFlagsFromString(f);`], { encoding: "utf8" }).stderr;
    expect(stderrOf(flags)).toBe("");
    // The check itself sees V8's complaint when there is one.
    expect(stderrOf(["--no-such-flag-for-rampart"])).toMatch(/unrecognized flag/);
  });
});
