/* global fetch */
// npm run bench:server — API latency of `rampart serve` with 10,000 stored scans, and the dashboard's
// first-load transfer size. Everything runs on 127.0.0.1: one real scan of the demo API gives a report,
// 10,000 copies of it (distinct ids, 100 targets, spread over time) fill a temporary store, then the server
// as `rampart serve` assembles it answers list and open requests one at a time. Prints figures only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDemo } from "../dist/demo/customer-api.js";
import { scan } from "../dist/engine/scan.js";
import { assembleServer } from "../dist/server/assemble.js";
import { openStore } from "../dist/store/index.js";

const SCANS = Number(process.env.BENCH_SCANS ?? 10_000);
const TARGETS = 100;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n) => `${n.toFixed(2)} ms`;

async function timed(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

async function latency(label, urls, headers) {
  for (const u of urls.slice(0, 20)) await timed(u, headers); // warm-up
  const times = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const r = await timed(urls[i % urls.length], headers);
    times.push(r.ms);
    bytes += r.bytes;
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} p50 ${ms(pct(times, 50)).padStart(10)}  p95 ${ms(pct(times, 95)).padStart(10)}  (${SAMPLES} requests, ${Math.round(bytes / SAMPLES)} B each)`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-server-"));
const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-key-"));
const demo = await startDemo({ hardened: false });
const store = openStore({ path: path.join(dir, "rampart.db") });
let app;
try {
  const report = await scan({ target: demo.url, depth: "quick" });
  const t0 = performance.now();
  const base = Date.parse("2026-01-01T00:00:00Z");
  const fill = store.db.transaction(() => {
    for (let i = 0; i < SCANS; i++) {
      const target = `http://127.0.0.1:9/api-${i % TARGETS}`;
      const at = new Date(base + i * 60_000).toISOString();
      store.completeScan({
        ...report,
        scanId: `bench${String(i).padStart(8, "0")}`,
        target: { ...report.target, url: target, host: "127.0.0.1:9" },
        startedAt: at,
      });
    }
  });
  fill();
  const fillSeconds = (performance.now() - t0) / 1000;
  const dbBytes = fs.statSync(path.join(dir, "rampart.db")).size;
  console.log(`store: ${SCANS} scans of ${TARGETS} targets (${report.findings.length} findings each), filled in ${fillSeconds.toFixed(1)} s, ${(dbBytes / 1e6).toFixed(1)} MB`);

  ({ app } = await assembleServer({ store, env: { RAMPART_SECRET_KEY_FILE: path.join(keyDir, "secret.key") }, rateLimit: false }));
  const token = app.rampart.tokens.create("viewer", "bench").token;
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const auth = { authorization: `Bearer ${token}` };

  const ids = Array.from({ length: SAMPLES }, (_, i) => `bench${String(Math.floor((i * 7919) % SCANS)).padStart(8, "0")}`);
  await latency("GET /api/scans (first page of 50)", [`${url}/api/scans?limit=50`], auth);
  await latency(`GET /api/scans (offset ${Math.max(0, SCANS - 1000)})`, [`${url}/api/scans?limit=50&offset=${Math.max(0, SCANS - 1000)}`], auth);
  await latency("GET /api/scans?target= (one target)", [`${url}/api/scans?limit=50&target=${encodeURIComponent("http://127.0.0.1:9/api-42")}`], auth);
  await latency("GET /api/scans/{id} (open a scan)", ids.map((id) => `${url}/api/scans/${id}`), auth);
  await latency("GET /api/targets (100 targets)", [`${url}/api/targets`], auth);

  // First load of the dashboard: the page, its script and stylesheet (what a browser fetches before sign-in).
  let total = 0;
  const parts = [];
  for (const p of ["/", "/assets/app.js", "/assets/app.css"]) {
    const r = await timed(`${url}${p}`, {});
    total += r.bytes;
    parts.push(`${p} ${(r.bytes / 1024).toFixed(1)} KiB`);
  }
  console.log(`dashboard first load: ${(total / 1024).toFixed(1)} KiB uncompressed (${parts.join(", ")})`);
} finally {
  await app?.close();
  store.close();
  await demo.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(keyDir, { recursive: true, force: true });
}
