import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { newEventId, type RampartEvent } from "../../src/monitor/events.js";
import { appendEvents, eventsAfter } from "../../src/store/events.js";
import { openStore } from "../../src/store/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function event(type: RampartEvent["type"], target: string): RampartEvent {
  return {
    id: newEventId(),
    type,
    createdAt: new Date().toISOString(),
    monitor: { id: "mon_1", name: "orders" },
    target,
    scanId: "scan-1",
    link: null,
    severity: "high",
    data: { findingId: "f1" },
  };
}

describe("events outbox", () => {
  it("appends in order, reads after a cursor, and rolls back with the caller's transaction", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-events-"));
    dirs.push(dir);
    const store = openStore({ path: path.join(dir, "r.db") });
    const db = store.db;
    const a = event("finding.new", "http://127.0.0.1:8000/");
    const b = event("grade.changed", "http://127.0.0.1:8000");
    appendEvents(db, [a, b]);
    const all = eventsAfter(db, 0);
    expect(all.map((e) => e.event.id)).toEqual([a.id, b.id]);
    expect(eventsAfter(db, all[0]!.seq).map((e) => e.event.type)).toEqual(["grade.changed"]);

    // A run that fails after appending leaves no event behind.
    const c = event("scan.completed", "http://127.0.0.1:8000");
    expect(() =>
      db.transaction(() => {
        appendEvents(db, [c]);
        throw new Error("run not recorded");
      })(),
    ).toThrow("run not recorded");
    expect(eventsAfter(db, 0)).toHaveLength(2);
    expect(() => appendEvents(db, [a])).toThrow(/UNIQUE/);
    store.close();
  });

  it("event ids are unique and sort by time", () => {
    const early = newEventId(new Date(1_000));
    const late = newEventId(new Date(2_000_000));
    expect(early < late).toBe(true);
    expect(new Set(Array.from({ length: 200 }, () => newEventId())).size).toBe(200);
  });
});
