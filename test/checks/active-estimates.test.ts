// --dry-run estimates of the active write and authentication-abuse checks are upper bounds: a real
// active scan of the vulnerable fixtures (where every probe path runs to the end) sends no more, apart from
// the engine's clean-up, which the ledger lists request by request.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planScan } from "../../src/engine/plan.js";
import { scan } from "../../src/index.js";
import { startServer, type Handler } from "../helpers/fixture-server.js";
import { authAbuseApp, authAbuseSpec, issue } from "../apps/auth-abuse-app.js";
import { ALICE, BOB, ROOT, writesApp, writesSpec } from "../apps/writes-app.js";
import { injectionApp, injectionSpec } from "../apps/injection-app.js";

async function sentAndEstimated(handler: Handler, spec: unknown, auth: string[], checks: string[]) {
  const server = await startServer(handler);
  const dir = mkdtempSync(join(tmpdir(), "rampart-active-"));
  try {
    writeFileSync(join(dir, "spec.json"), JSON.stringify(spec));
    const opts = { target: server.url, spec: join(dir, "spec.json"), auth, checks, mode: "active" as const, burst: 12 };
    const plan = await planScan(opts);
    const r = await scan(opts);
    const estimated = plan.checks.reduce((n, c) => n + c.requests, 0);
    // The end-of-scan clean-up is the engine's, outside the checks' estimates: one request per undo in the ledger.
    const cleanup = (r.changes ?? []).filter((c) => c.undo.request && (c.undo.state === "done" || c.undo.state === "failed")).length;
    return { sent: r.requests.sent - plan.discoveryRequests - plan.crawlRequests - cleanup, estimated, findings: r.findings.length, plan };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

describe("active check estimates", () => {
  it("write-authorization checks stay within their estimate", async () => {
    const app = writesApp({ writeAny: true, anonymousWrites: true, massAssign: true, adminWrites: true });
    const checks = ["bolaAuthorization.cross-identity-write", "authentication.unauthenticated-write", "bflaAuthorization.role-escalation", "propertyAuthorization.mass-assignment-confirmed"];
    const { sent, estimated, findings } = await sentAndEstimated(app.handler, writesSpec(), [`@alice=bearer:${ALICE}`, `@bob=bearer:${BOB}`, `@root=bearer:${ROOT}`], checks);
    expect(findings).toBeGreaterThan(4);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(estimated);
  });

  it("authentication-abuse checks stay within their estimate", async () => {
    // Without enumeration: a made-up account's first answer must not be a 404 for the burst to run.
    const app = authAbuseApp({ noLockout: true, keyConfusion: true, kidInjection: true });
    const checks = ["authentication.brute-force-unlimited", "authentication.user-enumeration", "authentication.jwt-key-confusion", "authentication.jwt-header-key-injection"];
    const { sent, estimated, findings } = await sentAndEstimated(app.handler, authAbuseSpec, [`@alice=bearer:${issue("alice")}`], checks);
    expect(findings).toBe(4); // two bursts, key confusion, kid injection (enumeration is silent without the flaw)
    expect(sent).toBeLessThanOrEqual(estimated);
  });

  it("the JWT header-key check's estimate counts the jku and x5u tokens it sends on a loopback target", async () => {
    // Fetches every jku key set and refuses the tokens: every trick is sent on every probed operation.
    const app = authAbuseApp({ jku: "fetch-only" });
    let roots = 0;
    const handler: Handler = (req, res) => {
      if (req.url === "/") roots++;
      return app.handler(req, res);
    };
    const { sent, estimated, findings } = await sentAndEstimated(handler, authAbuseSpec, [`@alice=bearer:${issue("alice")}`], ["authentication.jwt-header-key-injection"]);
    expect(findings).toBe(0);
    expect(app.jku.fetched).toHaveLength(2);
    // The scan's own look at the root is not the check's (--dry-run does not send it). What is left is
    // exactly the estimate: a random token and the five tricks (two kid, jwk, jku, x5u) on each of the two operations.
    expect(sent - roots).toBe(estimated);
    expect(estimated).toBe(2 + 2 * 5);
  });

  it("injection checks stay within their estimate, and --dry-run lists every request they send", async () => {
    const app = injectionApp(false);
    const received: string[] = [];
    const handler: Handler = (req, res) => {
      received.push(`${req.method} ${req.url}`);
      return app.handler(req, res);
    };
    try {
      const checks = ["inputValidation.sql-injection", "inputValidation.nosql-injection", "inputValidation.command-injection", "inputValidation.template-injection", "inputValidation.path-traversal", "inputValidation.xxe", "inputValidation.crlf-injection"];
      const { sent, estimated, findings, plan } = await sentAndEstimated(handler, injectionSpec(), [], checks);
      expect(findings).toBe(12); // every flaw of the fixture: the sending paths ran to their confirmations
      expect(sent).toBeLessThanOrEqual(estimated);
      // Every request that reached the server (but the clean-up's DELETEs) is one the dry run listed.
      const listed = new Set(plan.checks.flatMap((c) => c.planned ?? []).map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`));
      const firstSegment = (path: string) => path.split("/")[1]!.split("?")[0]!;
      const documented = new Set(Object.keys(injectionSpec().paths as object).map(firstSegment));
      const probes = received.filter((r) => !r.startsWith("DELETE ") && documented.has(firstSegment(r.split(" ")[1]!)));
      expect(probes.length).toBeGreaterThan(100);
      const unlisted = probes.filter((r) => !listed.has(r));
      expect(unlisted).toEqual([]);
    } finally {
      app.close();
    }
  });
});
