// Function-level authorization on writes (--mode active): alice (an ordinary user by her /me answer)
// calls the admin announcement create and deletes one root created; judged by root's read-back. The
// hardened twin answers 403 to her; both end with only the seeded announcement.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { ALICE, ROOT, writesApp, writesSpec } from "../../apps/writes-app.js";

const checks = ["bflaAuthorization.role-escalation"];
const auth = [`@root=bearer:${ROOT}`, `@alice=bearer:${ALICE}`];

describe("bflaAuthorization.role-escalation", () => {
  it("confirms an ordinary user creating and deleting admin announcements, and cleans up", async () => {
    const app = writesApp({ adminWrites: true });
    const r = await scanApp(app.handler, { spec: writesSpec(), auth, checks, mode: "active" });
    const f = findingsOf(r, "bflaAuthorization.role-escalation");
    expect(f.map((x) => [x.title, x.operation?.method, x.operation?.path, x.confidence]).sort()).toEqual([
      ["Administrative create callable by a lower role", "POST", "/admin/announcements", "confirmed"],
      ["Administrative delete callable by a lower role", "DELETE", "/admin/announcements/{announcement_id}", "confirmed"],
    ]);
    const create = f.find((x) => x.operation?.method === "POST")!;
    expect(create.evidence[0]!.excerpt).toMatch(/^201: @alice created object \d+ \(text=rampart-[0-9a-f]{8}\)$/);
    expect(create.evidence[0]!.note).toBe("reserved: path word 'admin'; @alice is an ordinary identity");
    expect(create.evidence[1]!.note).toBe("read back as @root: the object exists");
    expect([...app.state.announcements.keys()]).toEqual([1]);
    expect(r.errors).toEqual([]);
  });

  it("stays silent when admin writes check the role", async () => {
    const app = writesApp({});
    const r = await scanApp(app.handler, { spec: writesSpec(), auth, checks, mode: "active" });
    expect(r.findings).toEqual([]);
    expect(app.state.writes).toContain("POST /admin/announcements @alice");
    expect([...app.state.announcements.keys()]).toEqual([1]);
  });

  it("judges who is ordinary by the API's /me answer before the label", async () => {
    const app = writesApp({ adminWrites: true });
    const r = await scanApp(app.handler, { spec: writesSpec(), auth: [`@user=bearer:${ROOT}`, `@admin=bearer:${ALICE}`], checks, mode: "active" });
    const f = findingsOf(r, "bflaAuthorization.role-escalation");
    expect(f.length).toBe(2);
    expect(f.every((x) => x.evidence[0]!.excerpt.includes("@admin"))).toBe(true);
    expect(app.state.writes).toContain("POST /admin/announcements @root"); // the privileged one creates what @admin then deletes
  });

  it("needs an identity known to be ordinary", async () => {
    const r = await scanApp(writesApp({ adminWrites: true }).handler, { spec: writesSpec(), auth: [`@root=bearer:${ROOT}`], checks, mode: "active" });
    expect(r.skipped.checks).toContainEqual({ checkId: "bflaAuthorization.role-escalation", reason: expect.stringMatching(/ordinary identity/) });
  });
});
