// npm run bench:active — what --mode active adds to a scan: requests and wall-clock time per operation,
// active against safe on the same fixture APIs (vulnerable and fixed twins) on 127.0.0.1. One run each;
// prints a table. Vulnerable twins run every confirmation (timed ones included), so they are the worst case.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scan } from "../src/index.js";
import { startServer, type Handler } from "../test/helpers/fixture-server.js";
import { injectionApp, injectionSpec } from "../test/apps/injection-app.js";
import { ALICE, BOB, ROOT, writesApp, writesSpec } from "../test/apps/writes-app.js";
import { authAbuseApp, authAbuseSpec, issue } from "../test/apps/auth-abuse-app.js";

interface Fixture {
  name: string;
  make: () => { handler: Handler; close?: () => void };
  spec: () => unknown;
  auth: string[];
}

const FIXTURES: Fixture[] = [
  { name: "injection, vulnerable", make: () => injectionApp(false), spec: injectionSpec, auth: [] },
  { name: "injection, fixed", make: () => injectionApp(true), spec: injectionSpec, auth: [] },
  { name: "writes, vulnerable", make: () => writesApp({ writeAny: true, anonymousWrites: true, massAssign: true, adminWrites: true }), spec: writesSpec, auth: [`@alice=bearer:${ALICE}`, `@bob=bearer:${BOB}`, `@root=bearer:${ROOT}`] },
  { name: "writes, fixed", make: () => writesApp({}), spec: writesSpec, auth: [`@alice=bearer:${ALICE}`, `@bob=bearer:${BOB}`, `@root=bearer:${ROOT}`] },
  // The fixed twin answers 429 with Retry-After: 60 after five failures, for the rest of the scan.
  { name: "auth abuse, vulnerable", make: () => authAbuseApp({ enumeration: true, noLockout: true, keyConfusion: true, kidInjection: true, embeddedJwk: true }), spec: () => authAbuseSpec, auth: [`@alice=bearer:${issue("alice")}`] },
  { name: "auth abuse, fixed", make: () => authAbuseApp({}), spec: () => authAbuseSpec, auth: [`@alice=bearer:${issue("alice")}`] },
];

async function measure(f: Fixture, mode: "safe" | "active") {
  const app = f.make();
  const server = await startServer(app.handler);
  const dir = mkdtempSync(join(tmpdir(), "rampart-bench-active-"));
  try {
    writeFileSync(join(dir, "spec.json"), JSON.stringify(f.spec()));
    const t0 = performance.now();
    const r = await scan({ target: server.url, spec: join(dir, "spec.json"), auth: f.auth, mode, discover: "off", burst: 12 });
    const seconds = (performance.now() - t0) / 1000;
    const operations = r.coverage?.operations.planned ?? 0;
    return { sent: r.requests.sent, seconds, operations, findings: r.findings.length, changes: r.changes?.length ?? 0, incomplete: r.requests.incomplete ?? null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
    app.close?.();
  }
}

const notes: string[] = [];
const rows: string[][] = [["fixture", "ops", "safe req", "active req", "+req/op", "safe s", "active s", "+s/op", "changes", "findings safe→active"]];
for (const f of FIXTURES) {
  const safe = await measure(f, "safe");
  const active = await measure(f, "active");
  if (active.incomplete) notes.push(`${f.name} (active): ${active.incomplete}`);
  const ops = Math.max(1, Object.keys((f.spec() as { paths: object }).paths).length);
  rows.push([
    f.name,
    String(ops),
    String(safe.sent),
    String(active.sent),
    ((active.sent - safe.sent) / ops).toFixed(1),
    safe.seconds.toFixed(1),
    active.seconds.toFixed(1),
    ((active.seconds - safe.seconds) / ops).toFixed(2),
    String(active.changes),
    `${safe.findings}→${active.findings}`,
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
for (const n of notes) console.log(n);
console.log("ops: documented paths; +req/op and +s/op: what active mode adds per path over a safe scan of the same fixture.");
