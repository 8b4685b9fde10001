// Child process of scan-bench.mjs: one scan in default mode, prints a JSON line with its figures.
// Usage: node bench/scan-one.mjs <url> [concurrency] [rate]. CPU is the scan's own (start-up excluded);
// `phases` is the CPU spent between the scan's phase events (discover, plan, probe, analyze, score …),
// taken from the progress hook, so the engine carries no timing code of its own.
import { PerformanceObserver } from "node:perf_hooks";
import { setImmediate } from "node:timers";
import { tuneRuntimeForScanning } from "../dist/core/runtime.js";
import { scan } from "../dist/index.js";

tuneRuntimeForScanning(); // the V8 settings the CLI runs a scan with

const [target, concurrency = "8", rate = "10000"] = process.argv.slice(2);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// Time spent in garbage collection during the scan (every kind: scavenges, mark-sweep, incremental steps).
let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ["gc"] });
const rssBefore = process.memoryUsage.rss();
const cpu0 = cpuNow();
const t0 = performance.now();
const phases = {};
let phase = "start";
let phaseStart = cpu0;
const enter = (next) => {
  const now = cpuNow();
  phases[phase] = (phases[phase] ?? 0) + (now - phaseStart);
  phase = next;
  phaseStart = now;
};
const report = await scan(
  {
    target,
    auth: ["header:X-API-Key=bench-key"],
    rate: Number(rate),
    concurrency: Number(concurrency),
    budget: 1_000_000,
    env: {},
  },
  { onProgress: (e) => e.type === "phase" && enter(e.phase) },
);
enter("end");
const ms = performance.now() - t0;
await new Promise((resolve) => setImmediate(resolve)); // the last GC entries are delivered asynchronously
gcObserver.disconnect();
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: cpuNow() - cpu0,
    gcMs,
    phases,
    sent: report.requests.sent,
    findings: report.findings.length,
    findingIds: report.findings.map((f) => f.id).sort(),
    grade: report.grade,
    score: report.score,
    rssBeforeMb: rssBefore / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
