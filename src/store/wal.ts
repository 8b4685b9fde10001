// Switching a fresh database file to WAL takes an exclusive lock. When two processes open the same new
// file at once (two `rampart scan` runs starting together), SQLite answers SQLITE_BUSY straight away to
// the one that would otherwise deadlock, without waiting on its busy handler: retry until the timeout.
import type Database from "better-sqlite3";

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw e;
      // Synchronous, like the rest of the open; a jittered pause so the two openers do not collide again.
      Atomics.wait(PAUSE, 0, 0, 5 + Math.random() * 20);
    }
  }
}
