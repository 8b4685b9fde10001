// Child process of scan-bench.mjs: one scan in default mode, prints a JSON line with its figures.
import { scan } from "../dist/index.js";

const [target] = process.argv.slice(2);
const t0 = performance.now();
const report = await scan({ target, auth: ["header:X-API-Key=bench-key"], rate: 10_000, budget: 1_000_000, env: {} });
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({
    ms,
    sent: report.requests.sent,
    findings: report.findings.length,
    grade: report.grade,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
