// Writes without credentials (--mode active): an anonymous create read back, and anonymous PATCH and
// DELETE on alice's note judged by alice's read-back. The hardened twin answers 401 to every one.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { ALICE, writesApp, writesSpec } from "../../apps/writes-app.js";

const checks = ["authentication.unauthenticated-write"];
const auth = [`@alice=bearer:${ALICE}`];

describe("authentication.unauthenticated-write", () => {
  it("reports anonymous create, change and delete of notes, and cleans up", async () => {
    const app = writesApp({ anonymousWrites: true });
    const r = await scanApp(app.handler, { spec: writesSpec(), auth, checks, mode: "active" });
    const f = findingsOf(r, "authentication.unauthenticated-write");
    expect(f.map((x) => [x.title, x.operation?.method, x.operation?.path, x.confidence]).sort()).toEqual([
      ["Objects changeable without credentials", "PATCH", "/notes/{note_id}", "confirmed"],
      ["Objects created without credentials", "POST", "/notes", "firm"],
      ["Objects deletable without credentials", "DELETE", "/notes/{note_id}", "confirmed"],
    ]);
    const created = f.find((x) => x.operation?.method === "POST")!;
    expect(created.evidence[0]!.excerpt).toMatch(/^201: created object \d+ with title=rampart-[0-9a-f]{8} without credentials$/);
    expect(created.reproduce).not.toMatch(/Authorization/i);
    expect([...app.state.notes.keys()].sort()).toEqual([1, 2]);
    expect(r.errors).toEqual([]);
  });

  it("stays silent when writes need credentials", async () => {
    const app = writesApp({});
    const r = await scanApp(app.handler, { spec: writesSpec(), auth, checks, mode: "active" });
    expect(r.findings).toEqual([]);
    expect(app.state.writes.filter((w) => w.endsWith("@-")).length).toBeGreaterThan(2);
    expect([...app.state.notes.keys()].sort()).toEqual([1, 2]);
  });
});
