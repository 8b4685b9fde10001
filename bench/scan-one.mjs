// Child process of scan-bench.mjs: one scan in default mode, prints a JSON line with its figures.
// Usage: node bench/scan-one.mjs <url> [concurrency] [rate]. CPU is the scan's own (start-up excluded).
import { scan } from "../dist/index.js";

const [target, concurrency = "8", rate = "10000"] = process.argv.slice(2);
const rssBefore = process.memoryUsage.rss();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const report = await scan({
  target,
  auth: ["header:X-API-Key=bench-key"],
  rate: Number(rate),
  concurrency: Number(concurrency),
  budget: 1_000_000,
  env: {},
});
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sent: report.requests.sent,
    findings: report.findings.length,
    findingIds: report.findings.map((f) => f.id).sort(),
    grade: report.grade,
    score: report.score,
    rssBeforeMb: rssBefore / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
