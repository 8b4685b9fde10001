// `rampart probes` and `rampart llm <url>` in-process: the engine, HTTP layer and checks end to end.
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/cli.js";
import type { ScanReport } from "../../src/core/types.js";
import { startEcho } from "./fixtures/echo.js";
import { HARDENED_TOKEN, startHardened } from "./fixtures/hardened.js";
import { startNaive } from "./fixtures/naive.js";
import type { FixtureApp } from "./fixtures/wrapper.js";

const open: FixtureApp[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const run = (args: string[], env: Record<string, string> = {}) => runInProcess(args, { env: { RAMPART_HOME: "", ...env } });

describe("rampart probes", () => {
  it("lists the catalog per tier as a table and as JSON", async () => {
    const all = await run(["probes"]);
    expect(all.code).toBe(0);
    expect(all.out).toContain("per depth (sent/budget): quick 5/5, standard 20/20, deep 60/60");
    const quick = await run(["probes", "--tier", "quick", "--format", "json"]);
    const parsed = JSON.parse(quick.out) as { count: number; probes: { id: string; template: string }[] };
    expect(parsed.count).toBe(5);
    expect(parsed.probes[0]).toMatchObject({ id: "extract-repeat-above" });
    expect((await run(["probes", "--format", "xml"])).code).toBe(2);
    expect((await run(["probes", "--tier", "huge"])).code).toBe(2);
  });
});

describe("rampart llm", () => {
  it("tests a naive endpoint through scan() and reports what landed", async () => {
    const app = await startNaive();
    open.push(app);
    const r = await run(["llm", app.endpoint, "--pace", "0", "--depth", "quick", "--format", "json", "--fail-on", "high"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as ScanReport;
    const ids = report.findings.map((f) => f.checkId);
    expect(ids).toEqual(expect.arrayContaining(["llmSecurity.prompt-injection", "llmSecurity.system-prompt-leak", "llmSecurity.unauthenticated-endpoint"]));
    expect(ids.every((id) => id.startsWith("llmSecurity."))).toBe(true);
    expect(report.categories.find((c) => c.id === "llmSecurity")?.applicable).toBe(true);
    const inj = report.findings.find((f) => f.checkId === "llmSecurity.prompt-injection")!;
    expect(inj.reproduce).toMatch(/^curl .*-X POST/);
    expect(inj.evidence[0]?.note).toContain("canary");
  });

  it("learns the echo wrapper's shape, does not credit its echoes, and prints a digest", async () => {
    const app = await startEcho();
    open.push(app);
    const r = await run(["llm", app.endpoint, "--pace", "0"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("shape message");
    expect(r.out).toContain("echoes its input");
    expect(r.out).not.toContain("prompt-injection");
  });

  it("passes on the hardened endpoint with its token from the environment, and honours --shape", async () => {
    const app = await startHardened();
    open.push(app);
    const r = await run(["llm", app.endpoint, "--pace", "0", "--shape", "input", "--auth", "bearer:env:TOKEN", "--format", "json", "--fail-on", "high"], { TOKEN: HARDENED_TOKEN });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ScanReport;
    expect(report.findings.map((f) => f.checkId)).toEqual(["llmSecurity.endpoint-detected"]);
    expect(r.out).not.toContain(HARDENED_TOKEN);
  });

  it("rejects bad flags with exit code 2", async () => {
    expect((await run(["llm", "http://127.0.0.1:9/chat", "--shape", "xml"])).code).toBe(2);
    expect((await run(["llm", "http://127.0.0.1:9/chat", "--llm-judge", "ftp://x"])).code).toBe(2);
    expect((await run(["llm", "not a url"])).code).toBe(2);
  });
});
