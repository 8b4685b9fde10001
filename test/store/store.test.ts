import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { INTERRUPTED_MESSAGE, MIGRATIONS, SCHEMA_VERSION, dataDir, migrate, openStore } from "../../src/store/index.js";
import type { ScanStore } from "../../src/store/index.js";
import { makeReport } from "./fixtures/report.js";

let dir: string;
let store: ScanStore | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-store-"));
});
afterEach(() => {
  store?.close();
  store = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(): ScanStore {
  store = openStore({ path: path.join(dir, "rampart.db") });
  return store;
}

describe("dataDir", () => {
  it("honours RAMPART_HOME before anything else", () => {
    expect(dataDir({ env: { RAMPART_HOME: "/srv/rampart", XDG_DATA_HOME: "/x" }, platform: "linux", home: "/home/u" })).toBe(
      "/srv/rampart",
    );
  });
  it("uses XDG_DATA_HOME, then ~/.local/share on Linux", () => {
    expect(dataDir({ env: { XDG_DATA_HOME: "/data" }, platform: "linux", home: "/home/u" })).toBe("/data/rampart");
    expect(dataDir({ env: { XDG_DATA_HOME: "relative" }, platform: "linux", home: "/home/u" })).toBe(
      "/home/u/.local/share/rampart",
    );
    expect(dataDir({ env: {}, platform: "linux", home: "/home/u" })).toBe("/home/u/.local/share/rampart");
  });
  it("uses Application Support on macOS and LOCALAPPDATA on Windows", () => {
    expect(dataDir({ env: {}, platform: "darwin", home: "/Users/u" })).toBe("/Users/u/Library/Application Support/rampart");
    expect(dataDir({ env: { LOCALAPPDATA: "/c/AppData/Local" }, platform: "win32", home: "/c/u" })).toBe(
      path.join("/c/AppData/Local", "rampart"),
    );
  });
  it("places the database under RAMPART_HOME when opened with env only", () => {
    const home = path.join(dir, "home");
    const s = openStore({ env: { RAMPART_HOME: home } });
    s.close();
    expect(fs.existsSync(path.join(home, "rampart.db"))).toBe(true);
    expect(fs.statSync(path.join(home, "rampart.db")).mode & 0o077).toBe(0);
  });
});

describe("migrations", () => {
  it("brings a fresh database to the latest version in WAL mode, and reopening is a no-op", () => {
    open().close();
    const db = new Database(path.join(dir, "rampart.db"));
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scans'").all();
    expect(indexes.map((r) => (r as { name: string }).name)).toEqual(
      expect.arrayContaining(["scans_target_started", "scans_started", "scans_status"]),
    );
    db.close();
    const again = open();
    expect(again.list()).toEqual([]);
  });

  it("applies only the steps a database lacks", () => {
    const db = new Database(":memory:");
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    const extra = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, description: "note column", sql: "ALTER TABLE scans ADD COLUMN note TEXT" }];
    expect(migrate(db, extra)).toBe(SCHEMA_VERSION + 1);
    expect(migrate(db, extra)).toBe(SCHEMA_VERSION + 1);
    const cols = db.prepare("PRAGMA table_info(scans)").all().map((c) => (c as { name: string }).name);
    expect(cols).toContain("note");
    db.close();
  });

  it("refuses a database written by a newer schema with a clear error", () => {
    const file = path.join(dir, "rampart.db");
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openStore({ path: file })).toThrow(InputError);
    expect(() => openStore({ path: file })).toThrow(/newer than this Rampart understands/);
  });

  it("turns an unreadable file into an InputError, not a crash", () => {
    const file = path.join(dir, "rampart.db");
    fs.writeFileSync(file, "this is not a database, just text that is long enough to look like a header........");
    expect(() => openStore({ path: file })).toThrow(InputError);
  });
});

describe("scan lifecycle", () => {
  it("begins, completes and reads back a scan with summary columns", () => {
    const s = open();
    const id = s.beginScan({ scanId: "01scanaaaa", target: "http://127.0.0.1:8000/", options: { mode: "safe" } });
    expect(s.get(id)?.status).toBe("running");
    const report = makeReport({
      scanId: id,
      target: "http://127.0.0.1:8000/",
      score: 63,
      grade: "D",
      findings: [
        { id: "f1", severity: "critical" },
        { id: "f2", severity: "high" },
        { id: "f3", severity: "high" },
        { id: "f4", severity: "info" },
      ],
    });
    const stored = s.completeScan(report);
    expect(stored.status).toBe("completed");
    expect(stored.score).toBe(63);
    expect(stored.grade).toBe("D");
    expect(stored.findings).toEqual({ critical: 1, high: 2, medium: 0, low: 0, info: 1, total: 4 });
    expect(stored.report?.findings.map((f) => f.id)).toEqual(["f1", "f2", "f3", "f4"]);
    expect(stored.requestsSent).toBe(42);
  });

  it("moves a row begun under a provisional id to the report's id", () => {
    const s = open();
    const provisional = s.beginScan({ target: "http://127.0.0.1:8000" });
    s.completeScan(makeReport({ scanId: "engine-id-1" }), provisional);
    expect(s.get(provisional)).toBeNull();
    expect(s.get("engine-id-1")?.status).toBe("completed");
    expect(s.list()).toHaveLength(1);
  });

  it("records a failure with its message and never downgrades a completed scan", () => {
    const s = open();
    s.beginScan({ scanId: "failing", target: "http://127.0.0.1:8000" });
    s.failScan("failing", "target unreachable:\n connect ECONNREFUSED");
    const failed = s.get("failing");
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toBe("target unreachable: connect ECONNREFUSED");
    expect(failed?.finishedAt).not.toBeNull();
    expect(failed?.report).toBeNull();
    s.beginScan({ scanId: "done", target: "http://127.0.0.1:8000" });
    s.completeScan(makeReport({ scanId: "done" }));
    s.failScan("done", "late signal");
    expect(s.get("done")?.status).toBe("completed");
  });

  it("finds scans by unique prefix and rejects ambiguous ones", () => {
    const s = open();
    s.completeScan(makeReport({ scanId: "abc123" }));
    s.completeScan(makeReport({ scanId: "abd456" }));
    s.completeScan(makeReport({ scanId: "a_c%99" }));
    expect(s.get("abc")?.id).toBe("abc123");
    expect(s.get("a_c")?.id).toBe("a_c%99");
    expect(s.get("zzz")).toBeNull();
    expect(s.get("")).toBeNull();
    expect(() => s.get("ab")).toThrow(/ambiguous: it matches/);
  });

  it("lists newest first, filters by normalised target and limits", () => {
    const s = open();
    const t0 = Date.parse("2025-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) {
      const target = i % 2 === 0 ? "http://127.0.0.1:8000" : "http://127.0.0.1:9000";
      s.completeScan(makeReport({ scanId: `s${i}`, target, startedAt: new Date(t0 + i * 60_000).toISOString() }));
    }
    expect(s.list().map((r) => r.id)).toEqual(["s4", "s3", "s2", "s1", "s0"]);
    expect(s.list({ limit: 2 }).map((r) => r.id)).toEqual(["s4", "s3"]);
    expect(s.list({ target: "http://127.0.0.1:8000/" }).map((r) => r.id)).toEqual(["s4", "s2", "s0"]);
    expect(s.latestTwo("HTTP://127.0.0.1:8000").map((r) => r.id)).toEqual(["s4", "s2"]);
    s.beginScan({ scanId: "running-newer", target: "http://127.0.0.1:8000", startedAt: new Date(t0 + 3_600_000).toISOString() });
    expect(s.latestTwo("http://127.0.0.1:8000").map((r) => r.id)).toEqual(["s4", "s2"]);
    expect(s.latestTwo("http://127.0.0.1:1234")).toEqual([]);
  });
});

describe("findFinding", () => {
  it("returns the newest completed scan holding a finding, by id or unique prefix", () => {
    const s = open();
    s.completeScan(makeReport({ scanId: "old", startedAt: "2025-01-01T00:00:00.000Z", findings: [{ id: "abcdef0123456789" }] }));
    s.completeScan(
      makeReport({ scanId: "new", startedAt: "2025-02-01T00:00:00.000Z", findings: [{ id: "abcdef0123456789" }, { id: "abcd99" }] }),
    );
    s.completeScan(makeReport({ scanId: "other", startedAt: "2025-03-01T00:00:00.000Z", findings: [{ id: "ffff0000" }] }));
    expect(s.findFinding("abcdef0123456789")?.scan.id).toBe("new");
    expect(s.findFinding("abcdef01")?.finding.id).toBe("abcdef0123456789");
    expect(s.findFinding("ffff")?.scan.id).toBe("other");
    expect(() => s.findFinding("abcd")).toThrow(/ambiguous/);
    expect(s.findFinding("abc")).toBeNull();
    expect(s.findFinding("0000000000")).toBeNull();
  });
});

describe("interrupted scans", () => {
  it("marks running rows whose process is gone as failed and leaves live ones", () => {
    const s = open();
    s.beginScan({ scanId: "dead", target: "http://127.0.0.1:8000", pid: 999_999 });
    s.beginScan({ scanId: "alive", target: "http://127.0.0.1:8000", pid: process.pid });
    const reaped = s.reapInterrupted((pid) => pid === process.pid);
    expect(reaped).toEqual(["dead"]);
    expect(s.get("dead")?.status).toBe("failed");
    expect(s.get("dead")?.error).toBe(INTERRUPTED_MESSAGE);
    expect(s.get("alive")?.status).toBe("running");
  });
});

describe("credentials", () => {
  it("never writes auth values, DSN passwords or env into the database files", () => {
    const token = "tok_live_9f8e7d6c5b4a3210";
    const basicPass = "hunter2-basic-pw";
    const dsnPass = "dbpass-7777";
    const envToken = "from-env-secret-value";
    const carolPass = "carol-pw-from-env";
    const s = open();
    const options = {
      mode: "safe",
      auth: [`bearer:${token}`, `@bob=basic:bob:${basicPass}`, "header:X-Api-Key=env:API_KEY_VAR", "@carol=basic:env:CU:env:CP"],
      dsn: [`postgresql://app:${dsnPass}@127.0.0.1:5432/app?sslmode=disable`],
      env: { API_KEY_VAR: envToken, CU: "carol", CP: carolPass },
    };
    const id = s.beginScan({ scanId: "cred", target: "http://127.0.0.1:8000", options });
    // A report that leaked the secrets (raw options, an evidence excerpt): the store scrubs it anyway.
    const report = makeReport({
      scanId: id,
      options,
      findings: [{ id: "leak", excerpt: `Authorization: Bearer ${token}; x-api-key: ${envToken}; pw=${carolPass}; ${Buffer.from(`bob:${basicPass}`).toString("base64")}` }],
    });
    const stored = s.completeScan(report);
    expect(stored.options.auth).toEqual(["bearer:[redacted]", "@bob=basic:[redacted]", "header:X-Api-Key=env:API_KEY_VAR", "@carol=basic:[redacted]"]);
    expect(stored.options.dsn).toEqual(["postgresql://app:redacted@127.0.0.1:5432/app?sslmode=disable"]);
    expect(stored.options.env).toBeUndefined();
    expect(stored.report?.findings[0]?.evidence[0]?.excerpt).toContain("[redacted]");
    s.close();
    store = null;
    for (const file of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, file));
      for (const secret of [token, basicPass, dsnPass, envToken, carolPass, Buffer.from(`bob:${basicPass}`).toString("base64")]) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
    }
  });
});
