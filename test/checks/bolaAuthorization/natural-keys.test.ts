// Object-level authorization beyond numeric ids: routes addressed by {username} and {slug}, keys harvested
// from each identity's list and own "me" answer, crossed between two identities (read-only).
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { ALICE, BOB, peopleApp, peopleSpec, type PeopleMode } from "./_people-app.js";
import { ALICE as ALICE_ORDERS, BOB as BOB_ORDERS, ordersApp, ordersSpec } from "./_orders-app.js";

const CHECK = "bolaAuthorization.cross-identity-access";
const scanPeople = (mode: PeopleMode) =>
  scanApp(peopleApp(mode), { spec: peopleSpec, auth: ["@alice=bearer:env:A", "@bob=bearer:env:B"], env: { A: ALICE, B: BOB }, checks: [CHECK] });

describe("cross-identity access by natural key", () => {
  it("fires on the vulnerable twin: alice reads bob's draft by slug and bob's private profile by username", async () => {
    const r = await scanPeople("vulnerable");
    const byPath = new Map(findingsOf(r, CHECK).map((f) => [f.operation?.path, f]));
    const draft = byPath.get("/drafts/{slug}");
    expect(draft?.confidence).toBe("confirmed");
    expect(draft?.evidence[0]?.excerpt).toMatch(/slug=bob-(salary-review|offsite), an object listed only for @bob/);
    const profile = byPath.get("/users/{username}");
    expect(profile?.evidence[0]?.excerpt).toMatch(/username=bob, @bob's own username/);
    expect(profile?.confidence).toBe("firm"); // the full private view, but no data the sensitive-content table ranks (SSN, card …)
    expect(r.requests.byMethod).toEqual(expect.not.objectContaining({ POST: expect.anything() }));
    expect(JSON.stringify(r)).not.toContain(BOB);
  });

  it("stays silent on the hardened twin (404 for another user's key)", async () => {
    const r = await scanPeople("hardened");
    expect(findingsOf(r, CHECK)).toEqual([]);
    expect(r.skipped.checks.map((c) => c.checkId)).not.toContain(CHECK);
  });

  it("stays silent when others get only a public card of a profile", async () => {
    const r = await scanPeople("public-profiles");
    expect(findingsOf(r, CHECK).map((f) => f.operation?.path)).not.toContain("/users/{username}");
  });

  it("crosses UUID-addressed objects the same way (vulnerable fires, hardened silent)", async () => {
    const auth = { auth: ["@alice=bearer:env:A", "@bob=bearer:env:B"], env: { A: ALICE_ORDERS, B: BOB_ORDERS }, checks: [CHECK] };
    const open = await scanApp(ordersApp({ uuid: true, anyOrder: true }), { spec: ordersSpec({ uuid: true }), ...auth });
    expect(findingsOf(open, CHECK)[0]?.evidence[0]?.excerpt).toMatch(/order_id=6f1c0001-[0-9a-f-]+, an object listed only for @bob/);
    const closed = await scanApp(ordersApp({ uuid: true }), { spec: ordersSpec({ uuid: true }), ...auth });
    expect(findingsOf(closed, CHECK)).toEqual([]);
  });
});
