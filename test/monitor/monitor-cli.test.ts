/* eslint-disable @typescript-eslint/no-explicit-any -- JSON output is checked field by field */
// `rampart monitor …` as built, on a temporary SQLite file and on a fresh database of a real PostgreSQL
// (started for this file): add (every and cron), list (table and JSON, paged), runs, edit, pause, resume,
// remove; one-line errors for bad input; the server's minimum interval (refused when stated, warned about
// when not). The server side (a running `rampart serve` picking up a CLI-added monitor) is in
// serve-flags.test.ts.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { useCliStores } from "../helpers/store-backends.js";

const { stores: STORES } = useCliStores("rampart-monitor-cli-");
const postgresUrl = (): string => STORES[1]!.store();

describe.each(STORES)("rampart monitor on $name", ({ store }) => {
  const monitor = (...args: string[]) => runCli(["monitor", ...args, "--store", store()]);

  async function listed(...extra: string[]): Promise<any[]> {
    const r = await monitor("list", "--format", "json", ...extra);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as any[];
  }

  it("adds, lists, edits, pauses, resumes and removes monitors in the store", async () => {
    const empty = await monitor("list");
    expect(empty.stdout).toContain("No monitors. Add one with: rampart monitor add <url> --every 6h");

    const before = Date.now();
    const added = await monitor("add", "http://127.0.0.1:9/api", "--every", "6h", "--spec", "http://127.0.0.1:9/openapi.json", "--identity", "alice", "--identity", "bob", "--depth", "quick", "--context", "financial", "--name", "orders");
    expect(added.code, added.stderr).toBe(0);
    const id = added.stdout.trim();
    expect(id).toMatch(/^mon_[0-9a-f]{16}$/);
    expect(added.stderr).toContain(`added monitor ${id} 'orders' (http://127.0.0.1:9/api, every 6h); next run`);

    const cron = await monitor("add", "http://127.0.0.1:9/other", "--cron", "0  */6 * * *", "--paused");
    expect(cron.code, cron.stderr).toBe(0);
    const cronId = cron.stdout.trim();
    expect(cron.stderr).toContain("cron 0 */6 * * * (UTC)); paused");

    let all = await listed();
    expect(all.map((m) => m.id)).toEqual([id, cronId]);
    const first = all[0];
    expect(first).toMatchObject({
      name: "orders",
      target: "http://127.0.0.1:9/api",
      specUrl: "http://127.0.0.1:9/openapi.json",
      schedule: { every: "6h" },
      settings: { depth: "quick", context: "financial", identities: ["alice", "bob"] },
      paused: false,
      createdBy: "cli",
      lastRun: null,
    });
    // An `every` monitor runs first at once (plus at most a minute of jitter).
    expect(Date.parse(first.nextRunAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(first.nextRunAt)).toBeLessThanOrEqual(Date.now() + 61_000);
    expect(all[1]).toMatchObject({ paused: true, nextRunAt: null, schedule: { cron: "0 */6 * * *" } });

    const table = await monitor("list");
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+STATE\s+SCHEDULE\s+NEXT RUN \(UTC\)\s+LAST RUN\s+TARGET\s+NAME$/);
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+active\\s+every 6h\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+never\\s+http://127.0.0.1:9/api\\s+orders`));
    expect(table.stdout).toMatch(new RegExp(`${cronId}\\s+paused\\s+cron 0 \\*/6 \\* \\* \\* \\(UTC\\)\\s+-\\s+never`));

    const runs = await monitor("runs", id);
    expect(runs.stdout).toContain("has not run yet");

    // Edit: only the flags given change; identities cleared, spec cleared, schedule re-planned.
    const edited = await monitor("edit", id, "--every", "12h", "--depth", "deep", "--clear-identities", "--clear-spec", "--name", "orders v2");
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain(`updated monitor ${id} 'orders v2' (http://127.0.0.1:9/api, every 12h); next run`);
    all = await listed();
    expect(all[0]).toMatchObject({ name: "orders v2", specUrl: null, schedule: { every: "12h" }, settings: { depth: "deep", context: "financial" } });
    expect(all[0].settings.identities).toBeUndefined();

    const paused = await monitor("pause", id);
    expect(paused.stdout).toContain(`paused monitor ${id}`);
    expect((await listed())[0]).toMatchObject({ paused: true, nextRunAt: null });
    expect((await monitor("pause", id)).stdout).toContain("is already paused");
    const resumed = await monitor("resume", id);
    expect(resumed.stdout).toMatch(/resumed monitor .*; next run \d{4}-/);
    const after = (await listed())[0];
    expect(after.paused).toBe(false);
    expect(Date.parse(after.nextRunAt)).toBeLessThanOrEqual(Date.now() + 61_000);

    const removed = await monitor("remove", cronId);
    expect(removed.stdout).toContain(`removed monitor ${cronId}`);
    expect((await listed()).map((m) => m.id)).toEqual([id]);
  }, 60_000);

  it("refuses bad input with one line naming the flag, exit 2", async () => {
    const cases: [string[], string][] = [
      [["add", "http://127.0.0.1:9/"], 'a monitor needs a schedule: --every 6h or --cron "0 */6 * * *"'],
      [["add", "http://127.0.0.1:9/", "--every", "6h", "--cron", "0 * * * *"], "give --every or --cron, not both"],
      [["add", "http://127.0.0.1:9/", "--every", "often"], "--every must be a duration like 30m, 6h, 1d or 1h30m (got 'often')"],
      [["add", "http://127.0.0.1:9/", "--cron", "61 * * * *"], '--cron is not a cron expression like "0 */6 * * *"'],
      [["add", "http://127.0.0.1:9/", "--every", "1m", "--min-interval", "5m"], "--every runs every 1m, more often than the server allows (--min-interval 5m)"],
      [["add", "http://127.0.0.1:9/", "--cron", "* * * * *", "--min-interval", "2m"], "--cron runs every 1m, more often than the server allows (--min-interval 2m)"],
      [["list", "--limit", "0"], "--limit must be a whole number from 1 to 10000 (got '0')"],
      [["add", "127.0.0.1:9", "--every", "6h"], "<url> must be an absolute URL"],
      [["add", "http://u:p@127.0.0.1:9/", "--every", "6h"], "<url> must not carry credentials"],
      [["add", "http://127.0.0.1:9/", "--every", "6h", "--spec", "file:///etc/passwd"], "--spec must use http or https"],
      [["add", "http://127.0.0.1:9/", "--every", "6h", "--mode", "loud"], "--mode must be one of passive, safe, active (got 'loud')"],
      [["edit", "mon_0000000000000000", "--every", "6h"], "no monitor has id 'mon_0000000000000000' (see rampart monitor list)"],
      [["pause", "nope"], "no monitor has id 'nope'"],
      [["list", "--format", "xml"], "--format must be table or json (got 'xml')"],
    ];
    for (const [args, message] of cases) {
      const r = await monitor(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain(message);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    // With the floor of a server started with --min-interval 1s, seconds are fine (and nothing to warn about).
    const fast = await monitor("add", "http://127.0.0.1:9/", "--every", "5s", "--min-interval", "1s");
    expect(fast.code, fast.stderr).toBe(0);
    expect(fast.stderr).not.toContain("warning");
    const id = fast.stdout.trim();
    const nothing = await monitor("edit", id);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("nothing to change");
    expect((await monitor("remove", id)).code).toBe(0);
  }, 60_000);

  it("accepts a schedule under the default floor with a one-line warning when the server's floor is not given", async () => {
    const r = await monitor("add", "http://127.0.0.1:9/fast", "--every", "30s");
    expect(r.code, r.stderr).toBe(0);
    const warning = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warning).toEqual([
      "warning: --every runs every 30s; `rampart serve` starts a monitor at most once per its --min-interval (default 5m), so runs come that often unless the server was started with a lower one",
    ]);
    const id = r.stdout.trim();
    expect((await listed()).find((m) => m.id === id)).toMatchObject({ schedule: { every: "30s" } });
    const edited = await monitor("edit", id, "--cron", "*/2 * * * *");
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toContain("warning: --cron runs every 2m;");
    expect((await monitor("remove", id)).code).toBe(0);
  }, 60_000);

  it("lists a page at a time, oldest first, and says where the next page starts", async () => {
    const before = (await listed("--limit", "10000")).length;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await monitor("add", `http://127.0.0.1:9/page${i}`, "--every", "6h", "--name", `page ${i}`);
      expect(r.code, r.stderr).toBe(0);
      ids.push(r.stdout.trim());
    }
    const total = before + 3;
    expect((await listed("--offset", String(before))).map((m) => m.id)).toEqual(ids);
    expect((await listed("--offset", String(before + 1), "--limit", "1")).map((m) => m.id)).toEqual([ids[1]]);
    const page = await monitor("list", "--offset", String(before), "--limit", "2");
    expect(page.code, page.stderr).toBe(0);
    expect(page.stdout).toContain("page 0");
    expect(page.stdout).toContain("page 1");
    expect(page.stdout).not.toContain("page 2");
    expect(page.stderr.trim()).toBe(`monitors ${before + 1}-${before + 2} of ${total}; next page: --offset ${before + 2} --limit 2`);
    const last = await monitor("list", "--offset", String(before + 2), "--limit", "2");
    expect(last.stderr.trim()).toBe(`monitors ${total}-${total} of ${total}`);
    const past = await monitor("list", "--offset", String(total + 5));
    expect(past.stdout.trim()).toBe(`No monitors from --offset ${total + 5}: there are ${total}.`);
    for (const id of ids) expect((await monitor("remove", id)).code).toBe(0);
  }, 60_000);
});

describe("rampart monitor store", () => {
  it("the same monitor is seen through a PostgreSQL store given as RAMPART_STORE", async () => {
    const added = await runCli(["monitor", "add", "http://127.0.0.1:9/env", "--every", "1h", "--name", "through env"], { env: { RAMPART_STORE: postgresUrl() } });
    expect(added.code, added.stderr).toBe(0);
    const id = added.stdout.trim();
    const viaFlag = await runCli(["monitor", "list", "--format", "json", "--limit", "10000", "--store", postgresUrl()]);
    expect((JSON.parse(viaFlag.stdout) as any[]).find((m) => m.id === id)).toMatchObject({ name: "through env", target: "http://127.0.0.1:9/env" });
    const bad = await runCli(["monitor", "list", "--store", "postgres://postgres@127.0.0.1:1/none"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect((await runCli(["monitor", "remove", id, "--store", postgresUrl()])).code).toBe(0);
  }, 60_000);
});
