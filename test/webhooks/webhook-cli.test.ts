/* eslint-disable @typescript-eslint/no-explicit-any -- JSON output is checked field by field */
// `rampart webhook add|list|edit|pause|resume|remove|rotate|deliveries|redeliver` as built, on a temporary SQLite
// file and on a fresh database of a real PostgreSQL (started for this file): the signing secret printed by
// `add` only (and it is the secret the server signs with), URLs refused as the API refuses them, one-line
// errors for unknown ids, deliveries filtered by endpoint, monitor and status and paged, redelivery. The
// deliveries are made by the store's own fan-out of appended events (the sender is not needed to list them).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSecretKey } from "../../src/server/secrets.js";
import { openRampartStore } from "../../src/store/index.js";
import { WebhookService, endpointMatches } from "../../src/webhooks/endpoints.js";
import { runCli } from "../helpers/cli.js";
import { useCliStores } from "../helpers/store-backends.js";
import { makeEvent } from "./_fixtures.js";

const KEY_HEX = randomBytes(32).toString("hex");
/** The same key as the CLI's, loaded the way `rampart serve` loads it. */
const KEY = loadSecretKey({ env: { RAMPART_SECRET_KEY: KEY_HEX }, dbPath: path.join(os.tmpdir(), "unused.db") });

const { stores: STORES, sqliteFile } = useCliStores("rampart-webhook-cli-");
const postgresUrl = (): string => STORES[1]!.store();

/** The key the CLI runs with (as `rampart serve` would): the environment variable, never a file in the real home. */
const KEY_ENV = { RAMPART_SECRET_KEY: KEY_HEX };

describe.each(STORES)("rampart webhook on $name", ({ name, store }) => {
  const webhook = (...args: string[]) => runCli(["webhook", ...args, "--store", store()], { env: KEY_ENV });

  async function json(...args: string[]): Promise<any> {
    const r = await webhook(...args, "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  }

  it("adds an endpoint and prints its secret once: list, edit, pause and the stored record never show it", async () => {
    const added = await webhook("add", "http://127.0.0.1:9/hooks/T000/SECRETPATH", "--events", "finding.new,grade.changed", "--min-severity", "high", "--description", "ops");
    expect(added.code, added.stderr).toBe(0);
    const [idLine, secretLine] = added.stdout.trim().split("\n");
    const id = /^id\s+(wh_[0-9a-f]{16})$/.exec(idLine ?? "")?.[1] as string;
    const secret = /^secret\s+(whsec_\S+)$/.exec(secretLine ?? "")?.[1] as string;
    expect(id).toBeTruthy();
    expect(secret).toBeTruthy();
    expect(added.stderr).toContain(`added webhook ${id} (http://127.0.0.1:9/hooks/…, json, events finding.new,grade.changed). The secret is shown only now`);
    expect(added.stderr).not.toContain(secret);

    // The secret printed is the one the server signs with (opened with the same key from the same store).
    const s = await openRampartStore({ store: store() });
    try {
      const row = await s.webhooks.getEndpoint(id);
      expect(row?.key_id).toBe(KEY.id);
      const server = new WebhookService(s, { key: KEY });
      expect(server.signingSecrets(row!)).toEqual([secret]);
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(JSON.stringify(row)).not.toContain("SECRETPATH");
    } finally {
      await s.close();
    }

    const table = await webhook("list");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+STATE\s+FORMAT\s+EVENTS\s+MIN SEVERITY\s+PENDING\s+DELIVERED\s+DEAD\s+CREATED \(UTC\)\s+URL\s+DESCRIPTION$/);
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+active\\s+json\\s+finding.new,grade.changed\\s+high\\s+0\\s+0\\s+0\\s+\\S+ \\S+\\s+http://127.0.0.1:9/hooks/…\\s+ops`));
    const listed = await json("list");
    expect(listed.find((w: any) => w.id === id)).toMatchObject({ url: "http://127.0.0.1:9/hooks/…", format: "json", events: ["finding.new", "grade.changed"], minSeverity: "high", active: true, description: "ops" });

    const edited = await webhook("edit", id, "--events", "*", "--clear-min-severity", "--payload", "slack", "--url", "http://127.0.0.1:9/hooks/T000/OTHERPATH");
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout.trim()).toBe(`updated webhook ${id} (http://127.0.0.1:9/hooks/…, slack, events *)`);
    const paused = await webhook("pause", id);
    expect(paused.stdout.trim()).toBe(`paused webhook ${id} (http://127.0.0.1:9/hooks/…, slack, events *); its deliveries are kept and sent when resumed`);
    expect((await json("list")).find((w: any) => w.id === id)).toMatchObject({ active: false, minSeverity: null, format: "slack", events: ["*"] });
    const resumed = await webhook("resume", id);
    expect(resumed.stdout).toContain(`resumed webhook ${id}`);

    const everything = [table, edited, paused, resumed, await webhook("list", "--format", "json"), await webhook("deliveries", "--format", "json")];
    for (const r of everything) expect(r.stdout + r.stderr).not.toContain(secret);
    if (name === "SQLite") {
      for (const file of [sqliteFile(), `${sqliteFile()}-wal`].filter((f) => fs.existsSync(f))) expect(fs.readFileSync(file).includes(secret), file).toBe(false);
    }

    // An e-mail endpoint is accepted with a warning: the CLI cannot see the server's SMTP relay.
    const mail = await runCli(["webhook", "add", "mailto:ops@example.com,sec@example.com", "--payload", "email", "--paused", "--store", store()], { env: { ...KEY_ENV, RAMPART_SMTP_URL: "" } });
    expect(mail.code, mail.stderr).toBe(0);
    expect(mail.stderr).toContain("warning: e-mail deliveries are sent only by a `rampart serve` started with RAMPART_SMTP_URL (not set here)");
    const mailId = /^id\s+(\S+)/.exec(mail.stdout)![1]!;
    expect((await json("list")).find((w: any) => w.id === mailId)).toMatchObject({ format: "email", url: "mailto:ops@example.com,sec@example.com", active: false });
    expect((await webhook("remove", mailId)).code).toBe(0);

    const removed = await webhook("remove", id);
    expect(removed.stdout.trim()).toBe(`removed webhook ${id} (http://127.0.0.1:9/hooks/…, slack, events *) and its 0 delivery records`);
    expect((await json("list")).some((w: any) => w.id === id)).toBe(false);
  }, 90_000);

  it("refuses bad URLs and input as the API does, and unknown ids, with one line and exit 2", async () => {
    const before = (await json("list")).length;
    const cases: [string[], string][] = [
      [["add", "http://169.254.169.254/latest/meta-data/"], "<url>: host 169.254.169.254 is not scanned: 169.254.169.254 is a link-local address"],
      [["add", "http://[fe80::1]/hook"], "<url>: host"],
      [["add", "ftp://127.0.0.1/hook"], "<url>: scheme ftp: is not supported (http: or https:)"],
      [["add", "not a url"], "<url>: 'not a url' is not a URL"],
      [["add", "http://127.0.0.1:9/", "--events", "finding.new,nope"], "--events: 'nope' is not an event type"],
      [["add", "http://127.0.0.1:9/", "--min-severity", "urgent"], "--min-severity: 'urgent' is not a severity (critical, high, medium, low, info)"],
      [["add", "http://127.0.0.1:9/", "--payload", "xml"], "--payload must be one of json, slack, teams, email (got 'xml')"],
      [["add", "http://127.0.0.1:9/", "--payload", "email"], "<url>: an email endpoint takes mailto:address[,address…]"],
      [["add", "http://127.0.0.1:9/", "--description", "x".repeat(201)], "--description: at most 200 characters (got 201)"],
      [["edit", "wh_0000000000000000", "--events", "*"], "no webhook has id 'wh_0000000000000000' (see rampart webhook list)"],
      [["edit", "wh_0000000000000000"], "nothing to change: give --url, --events"],
      [["pause", "nope"], "no webhook has id 'nope'"],
      [["remove", "nope"], "no webhook has id 'nope'"],
      [["deliveries", "--endpoint", "nope"], "no webhook has id 'nope'"],
      [["deliveries", "--status", "lost"], "--status must be one of pending, delivered, dead (got 'lost')"],
      [["deliveries", "--limit", "501"], "--limit must be a whole number from 1 to 500 (got '501')"],
      [["redeliver", "999999"], "no delivery has id 999999 (see rampart webhook deliveries)"],
      [["redeliver", "x1"], "a delivery id is a whole number from 1 (got 'x1'"],
      [["redeliver"], "give a delivery id, or --endpoint <id> to redeliver all its dead letters"],
      [["list", "--format", "xml"], "--format must be table or json (got 'xml')"],
    ];
    for (const [args, message] of cases) {
      const r = await webhook(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain(`rampart: ${message}`);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stdout, args.join(" ")).toBe("");
    }
    // Nothing was stored by the refused adds.
    expect((await json("list")).length).toBe(before);
  }, 120_000);

  it("lists deliveries by endpoint, monitor and status, a page at a time, and redelivers dead letters", async () => {
    const ids: string[] = [];
    for (const events of ["*", "grade.changed"]) {
      // JSON is the API's answer to POST /api/webhooks: {id, secret, webhook}.
      const made = await json("add", "http://127.0.0.1:9/receiver", "--events", events);
      expect(made).toMatchObject({ id: made.webhook.id, secret: expect.stringMatching(/^whsec_/), webhook: { events: [events], active: true } });
      ids.push(made.id);
    }
    const [all, grades] = ids as [string, string];
    // Events of two monitors, fanned out by the store as the server's sender would; one delivery dead-lettered.
    const s = await openRampartStore({ store: store() });
    let dead: number;
    try {
      await s.events.append([makeEvent("mon_a", 1), makeEvent("mon_b", 2), makeEvent("mon_a", 3, "grade.changed", null), makeEvent("mon_a", 4)]);
      expect(await s.webhooks.fanOut(endpointMatches, new Date())).toMatchObject({ deliveries: 5 });
      const now = Date.now();
      const claimed = await s.webhooks.claimDue("test-sender", now, 10, 60_000);
      const grade = claimed.find((d) => d.endpoint_id === grades)!;
      await s.webhooks.markFailed(grade.id, "test-sender", { at: new Date(), status: 500, error: "HTTP 500", nextAttemptAt: now, dead: true });
      dead = grade.id;
      for (const d of claimed.filter((c) => c.id !== dead)) await s.webhooks.markDelivered(d.id, "test-sender", { at: new Date(), status: 204, error: null });
    } finally {
      await s.close();
    }

    const ofA: any[] = await json("deliveries", "--monitor", "mon_a");
    expect(ofA.map((d) => [d.webhookId, d.eventType, d.monitor.id])).toEqual([
      [all, "finding.new", "mon_a"],
      [grades, "grade.changed", "mon_a"],
      [all, "grade.changed", "mon_a"],
      [all, "finding.new", "mon_a"],
    ]);
    expect((await json("deliveries", "--monitor", "mon_b")).map((d: any) => [d.webhookId, d.monitor.id, d.target])).toEqual([[all, "mon_b", "http://127.0.0.1:9/mon_b"]]);
    expect((await json("deliveries", "--monitor", "mon_a", "--endpoint", grades)).map((d: any) => d.id)).toEqual([dead]);
    expect((await json("deliveries", "--status", "dead")).map((d: any) => [d.id, d.status, d.lastStatus, d.lastError])).toEqual([[dead, "dead", 500, "HTTP 500"]]);
    expect(await json("deliveries", "--monitor", "mon_b", "--status", "dead")).toEqual([]);

    const table = await webhook("deliveries", "--monitor", "mon_a", "--limit", "2");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+CREATED \(UTC\)\s+STATUS\s+ATTEMPTS\s+EVENT\s+MONITOR\s+WEBHOOK\s+TARGET\s+LAST RESULT$/);
    expect(table.stdout.trim().split("\n")).toHaveLength(3);
    expect(table.stderr.trim()).toBe("deliveries 1-2; next page: --offset 2 --limit 2");
    const second = await webhook("deliveries", "--monitor", "mon_a", "--limit", "2", "--offset", "2");
    expect(second.stdout).toMatch(new RegExp(`\\n${ofA[2].id}\\s.*\\n${ofA[3].id}\\s`));
    expect(second.stderr.trim()).toBe("deliveries 3-4");
    const deadRow = await webhook("deliveries", "--status", "dead");
    expect(deadRow.stdout).toMatch(new RegExp(`${dead}\\s+\\S+ \\S+\\s+dead\\s+1\\s+grade.changed\\s+mon_a\\s+${grades}\\s+http://127.0.0.1:9/mon_a\\s+HTTP 500`));
    const none = await webhook("deliveries", "--monitor", "mon_gone");
    expect(none.stdout.trim()).toBe("No deliveries match. (no monitor has id 'mon_gone' now; deliveries of a removed monitor's events stay listed)");

    const again = await webhook("redeliver", String(dead));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe(`requeued delivery ${dead} (grade.changed to webhook ${grades}, was dead); \`rampart serve\` sends it on its next poll`);
    expect((await json("deliveries", "--endpoint", grades))[0]).toMatchObject({ id: dead, status: "pending" });
    const twice = await webhook("redeliver", String(dead));
    expect(twice.stdout.trim()).toBe(`delivery ${dead} is already pending; \`rampart serve\` sends it when due`);
    const bulk = await webhook("redeliver", "--endpoint", all);
    expect(bulk.stdout.trim()).toBe(`webhook ${all} has no dead letters`);

    for (const id of ids) expect((await webhook("remove", id)).code).toBe(0);
    expect(await json("deliveries")).toEqual([]);
  }, 120_000);

  it("refuses to seal a URL under another key than the store's endpoints were sealed with", async () => {
    const added = await webhook("add", "http://127.0.0.1:9/keyed");
    const id = /^id\s+(\S+)/.exec(added.stdout)![1]!;
    const other = { RAMPART_SECRET_KEY: randomBytes(32).toString("hex") };
    const second = await runCli(["webhook", "add", "http://127.0.0.1:9/other", "--store", store()], { env: other });
    expect(second.code).toBe(2);
    expect(second.stderr.trim()).toMatch(new RegExp(`^rampart: webhook ${id} in this store was sealed under another key \\(id \\w+\\) than the one in use \\(id \\w+, from RAMPART_SECRET_KEY\\); run with the key`));
    const newUrl = await runCli(["webhook", "edit", id, "--url", "http://127.0.0.1:9/moved", "--store", store()], { env: other });
    expect(newUrl.code).toBe(2);
    expect(newUrl.stderr.trim().split("\n")).toHaveLength(1);
    expect(newUrl.stderr).toContain(`webhook ${id} was sealed under another key`);
    // Changes that seal nothing need no key at all.
    const events = await runCli(["webhook", "edit", id, "--events", "scan.failed", "--store", store()], { env: other });
    expect(events.code, events.stderr).toBe(0);
    expect((await webhook("remove", id)).code).toBe(0);
  }, 60_000);
});

describe("rampart webhook and the secret key", () => {
  it("creates a missing key file for a SQLite store (as rampart serve would); a PostgreSQL store needs the server's key", async () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-webhook-key-"));
    try {
      const env = { RAMPART_SECRET_KEY: "", RAMPART_SECRET_KEY_FILE: "", XDG_CONFIG_HOME: config };
      const file = path.join(path.dirname(sqliteFile()), "keyless.db");
      const added = await runCli(["webhook", "add", "http://127.0.0.1:9/k", "--store", file], { env });
      expect(added.code, added.stderr).toBe(0);
      const keyFile = path.join(config, "rampart", "secret.key");
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      const pg = await runCli(["webhook", "add", "http://127.0.0.1:9/k", "--store", postgresUrl()], { env: { ...env, XDG_CONFIG_HOME: path.join(config, "none") } });
      expect(pg.code).toBe(2);
      expect(pg.stderr.trim()).toBe(`rampart: secret key file ${path.join(config, "none", "rampart", "secret.key")} does not exist; set RAMPART_SECRET_KEY or RAMPART_SECRET_KEY_FILE`);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("rampart webhook rotate", () => {
  const webhook = (...args: string[]) => runCli(["webhook", ...args, "--store", sqliteFile()], { env: KEY_ENV });
  const secretOf = (stdout: string) => /^secret\s+(whsec_\S+)$/m.exec(stdout)?.[1] as string;
  const signing = async (id: string): Promise<string[]> => {
    const s = await openRampartStore({ store: sqliteFile() });
    try {
      return new WebhookService(s, { key: KEY }).signingSecrets((await s.webhooks.getEndpoint(id))!);
    } finally {
      await s.close();
    }
  };

  it("prints the new secret once; the old one keeps signing for the overlap, or stops at once with --overlap 0", async () => {
    const added = await webhook("add", "http://127.0.0.1:9/rotate-me");
    expect(added.code, added.stderr).toBe(0);
    const id = /^id\s+(wh_[0-9a-f]{16})$/m.exec(added.stdout)?.[1] as string;
    const first = secretOf(added.stdout);

    const rotated = await webhook("rotate", id, "--overlap", "600");
    expect(rotated.code, rotated.stderr).toBe(0);
    const second = secretOf(rotated.stdout);
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(rotated.stderr).toContain(`rotated the signing secret of webhook ${id}`);
    expect(rotated.stderr).toContain("for 600 s");
    expect(rotated.stderr).not.toContain(second);
    expect(await signing(id)).toEqual([second, first]);
    expect((await webhook("list")).stdout).not.toContain(second);

    const now = await webhook("rotate", id, "--overlap", "0", "--format", "json");
    expect(now.code, now.stderr).toBe(0);
    const answer = JSON.parse(now.stdout) as { id: string; secret: string; webhook: { id: string } };
    expect(answer.id).toBe(id);
    expect(answer.webhook.id).toBe(id);
    expect(await signing(id)).toEqual([answer.secret]);

    // Under another key the service refuses before anything is sealed: one line, exit 2, the record as it was.
    const other = await runCli(["webhook", "rotate", id, "--store", sqliteFile()], { env: { RAMPART_SECRET_KEY: randomBytes(32).toString("hex") } });
    expect(other.code).toBe(2);
    expect(other.stderr.trim().split("\n")).toHaveLength(1);
    expect(other.stderr).toContain("was encrypted under another key");
    expect(await signing(id)).toEqual([answer.secret]);
  });

  it("an unknown id or an overlap out of range is one line and exit 2", async () => {
    for (const args of [["rotate", "wh_0000000000000000"], ["rotate", "wh_0000000000000000", "--overlap", "-1"], ["rotate", "wh_0000000000000000", "--overlap", "99999999"]]) {
      const r = await webhook(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });
});
