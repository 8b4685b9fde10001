// Object-level authorization on writes (--mode active): alice creates a note, bob changes and deletes
// it, alice reads it back. The hardened twin scopes writes by owner; reads are owner-scoped in both.
import { describe, expect, it } from "vitest";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { ALICE, BOB, writesApp, writesSpec } from "../../apps/writes-app.js";

const both = [`@alice=bearer:${ALICE}`, `@bob=bearer:${BOB}`];
const checks = ["bolaAuthorization.cross-identity-write"];

describe("bolaAuthorization.cross-identity-write", () => {
  it("confirms bob changing and deleting alice's note by alice's read-back, and cleans up", async () => {
    const app = writesApp({ writeAny: true });
    const r = await scanApp(app.handler, { spec: writesSpec(), auth: both, checks, mode: "active" });
    const f = findingsOf(r, "bolaAuthorization.cross-identity-write");
    expect(f.map((x) => [x.title, x.operation?.method, x.operation?.path, x.confidence, x.severity]).sort()).toEqual([
      ["Object of another identity changeable", "PATCH", "/notes/{note_id}", "confirmed", "critical"],
      ["Object of another identity deletable", "DELETE", "/notes/{note_id}", "confirmed", "critical"],
    ]);
    const patch = f.find((x) => x.operation?.method === "PATCH")!;
    expect(patch.evidence[0]!.excerpt).toMatch(/^200: PATCH as @bob set title of @alice's object \d+; @alice now reads title=rampart-[0-9a-f]{8}$/);
    expect(patch.evidence[1]!.request).toMatch(/^GET \/notes\/\d+$/);
    expect(patch.reproduce).toContain("$RAMPART_BOB_TOKEN");
    expect(reportText(r)).not.toContain(BOB);
    // Only the seeded notes are left: everything the scan created is gone.
    expect([...app.state.notes.keys()].sort()).toEqual([1, 2]);
    expect(r.errors).toEqual([]);
  });

  it("stays silent when writes are owner-scoped, and leaves nothing behind", async () => {
    const app = writesApp({});
    const r = await scanApp(app.handler, { spec: writesSpec(), auth: both, checks, mode: "active" });
    expect(r.findings).toEqual([]);
    expect(app.state.writes.some((w) => w.startsWith("PATCH /notes/") && w.endsWith("@bob"))).toBe(true);
    expect([...app.state.notes.keys()].sort()).toEqual([1, 2]);
  });

  it("does not run outside --mode active", async () => {
    const app = writesApp({ writeAny: true });
    const r = await scanApp(app.handler, { spec: writesSpec(), auth: both, checks });
    expect(r.skipped.checks).toContainEqual({ checkId: "bolaAuthorization.cross-identity-write", reason: expect.stringMatching(/--mode active/) });
    expect(app.state.writes).toEqual([]);
  });

  it("needs two identities", async () => {
    const r = await scanApp(writesApp({ writeAny: true }).handler, { spec: writesSpec(), auth: [`@alice=bearer:${ALICE}`], checks, mode: "active" });
    expect(r.skipped.checks).toContainEqual({ checkId: "bolaAuthorization.cross-identity-write", reason: expect.stringMatching(/two identities/) });
  });
});
