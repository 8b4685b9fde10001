// Mass assignment confirmed by reading the property back (--mode active): alice's profile takes role and
// is_admin, a note moves to bob via owner_id, an order keeps the client's price. The hardened twin binds
// only the declared input fields; both end with the seeded state restored.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { ALICE, BOB, writesApp, writesSpec } from "../../apps/writes-app.js";

const checks = ["propertyAuthorization.mass-assignment-confirmed"];
const both = [`@alice=bearer:${ALICE}`, `@bob=bearer:${BOB}`];

describe("propertyAuthorization.mass-assignment-confirmed", () => {
  it("confirms role, ownership and price taken from bodies, and restores what it changed", async () => {
    const app = writesApp({ massAssign: true });
    const r = await scanApp(app.handler, { spec: writesSpec(), auth: both, checks, mode: "active" });
    const f = findingsOf(r, "propertyAuthorization.mass-assignment-confirmed");
    expect(f.map((x) => [x.operation?.method, x.operation?.path, x.severity, x.confidence]).sort()).toEqual([
      ["PATCH", "/me", "critical", "confirmed"],
      ["POST", "/notes", "high", "confirmed"],
      ["POST", "/orders", "high", "confirmed"],
    ]);
    const me = f.find((x) => x.operation?.path === "/me")!;
    expect(me.evidence[1]!.excerpt).toBe('read back: role="admin", is_admin=true');
    expect(f.find((x) => x.operation?.path === "/notes")!.evidence[1]!.excerpt).toBe("read back: owner_id=2");
    expect(f.find((x) => x.operation?.path === "/orders")!.evidence[1]!.excerpt).toBe("read back: price=1");
    // Undone: alice is an ordinary user again, and the scan's notes and orders are gone.
    expect(app.state.users.get(ALICE)).toMatchObject({ role: "user", is_admin: false });
    expect([...app.state.notes.keys()].sort()).toEqual([1, 2]);
    expect(app.state.orders.size).toBe(0);
    expect(r.errors).toEqual([]);
  });

  it("stays silent when only declared input fields are bound", async () => {
    const app = writesApp({});
    const r = await scanApp(app.handler, { spec: writesSpec(), auth: both, checks, mode: "active" });
    expect(r.findings).toEqual([]);
    expect(app.state.writes.some((w) => w.startsWith("PATCH /me"))).toBe(true);
    expect(app.state.users.get(ALICE)).toMatchObject({ role: "user", is_admin: false });
    expect([...app.state.notes.keys()].sort()).toEqual([1, 2]);
    expect(app.state.orders.size).toBe(0);
  });
});
