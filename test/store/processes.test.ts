// Real processes against one database file: concurrent writers, and a writer killed mid-scan.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INTERRUPTED_MESSAGE, openStore } from "../../src/store/index.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-store-proc-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function runTs(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(fixtures, script), ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
}

function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, out, err })));
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => reject(new Error(`child exited (${code}) before writing a line${err ? `: ${err.trim().split("\n").slice(0, 5).join(" | ")}` : ""}`)));
  });
}

describe("store across processes", () => {
  it("keeps every scan when two processes write at once into a fresh database", async () => {
    const db = path.join(dir, "rampart.db");
    const perProcess = 200;
    const writers = [runTs("writer.ts", [db, String(perProcess), "alpha"]), runTs("writer.ts", [db, String(perProcess), "beta"])];
    const done = writers.map(finished);
    expect(await Promise.all(writers.map(firstLine))).toEqual(["ready", "ready"]);
    for (const w of writers) w.stdin?.write("go\n");
    for (const r of await Promise.all(done)) {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out.trim().split("\n")).toEqual(["ready", `wrote ${perProcess}`]);
    }
    const store = openStore({ path: db });
    try {
      expect(store.integrityCheck()).toBe("ok");
      const all = store.list({ limit: 10_000 });
      expect(all).toHaveLength(2 * perProcess);
      expect(all.every((s) => s.status === "completed" && s.findings.high === 1)).toBe(true);
      for (const tag of ["alpha", "beta"]) {
        const mine = store.list({ target: `http://127.0.0.1:9/${tag}`, limit: 10_000 });
        expect(new Set(mine.map((s) => s.id)).size).toBe(perProcess);
        expect(store.get(`${tag}-0199`)?.report?.findings[0]?.id).toBe(`f-${tag}-199`);
      }
    } finally {
      store.close();
    }
  });

  it("opens one fresh database from several processes at the same moment: none is refused as locked", async () => {
    // Switching a new file to WAL needs an exclusive lock; SQLite refuses the loser of that race at once.
    for (let round = 0; round < 3; round++) {
      const db = path.join(dir, `fresh-${round}.db`);
      const startAt = String(Date.now() + 2500);
      const results = await Promise.all(Array.from({ length: 4 }, () => finished(runTs("open-at.ts", [db, startAt]))));
      expect(results.map((r) => r.out.trim())).toEqual(["ok", "ok", "ok", "ok"]);
    }
  });

  it("records a scan whose process was killed as failed on the next open, and leaves a live one running", async () => {
    const db = path.join(dir, "rampart.db");
    const killed = runTs("hold-scan.ts", [db, "killed-scan"]);
    const live = runTs("hold-scan.ts", [db, "live-scan"]);
    const killedDone = finished(killed);
    const liveDone = finished(live);
    expect(await Promise.all([firstLine(killed), firstLine(live)])).toEqual(["began killed-scan", "began live-scan"]);
    killed.kill("SIGKILL");
    expect((await killedDone).signal).toBe("SIGKILL");

    const store = openStore({ path: db });
    try {
      const dead = store.get("killed-scan");
      expect(dead?.status).toBe("failed");
      expect(dead?.error).toBe(INTERRUPTED_MESSAGE);
      expect(dead?.finishedAt).not.toBeNull();
      expect(store.get("live-scan")?.status).toBe("running");
    } finally {
      store.close();
    }
    live.stdin?.end();
    expect((await liveDone).code).toBe(0);
  });
});
