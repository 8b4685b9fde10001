// npm run bench: scans generated fixture APIs (default 100, 1,000 and 5,000 operations) on 127.0.0.1 and
// prints, per size, the scan's requests/s next to the HTTP ceiling of the same server measured in the same
// run (autocannon, same number of connections), Rampart's share of that ceiling, the scanner's CPU time
// per request next to the fixture server's CPU per request during the scan (each measured in its own
// process), the scanner's CPU by phase (discover, plan, probe, analyze, score …) and its peak memory.
// Figures, not assertions.
//
//   BENCH_SIZES=100,1000,5000   operations per fixture
//   BENCH_CONCURRENCY=8         the scan's --concurrency and autocannon's connections
//   BENCH_RATE=10000            the scan's --rate (the highest allowed: the scanner, not the limiter, is measured)
//   BENCH_RUNS=1                scans per size; with more, each run is printed and then a row of medians
//                               (each figure's own median: the machine may be shared and noisy)
//
// The fixture server runs in its own process (bench/fixture-api.mjs), so neither the scanner nor the
// load generator shares its event loop. "MiB/1k ops" is the scan's peak RSS above the process's RSS
// before the scan, per 1,000 operations: what a larger API costs in memory.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import autocannon from "autocannon";

const sizes = (process.env.BENCH_SIZES ?? "100,1000,5000").split(",").map(Number);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const rate = Number(process.env.BENCH_RATE ?? 10_000);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const here = (file) => new URL(file, import.meta.url).pathname;

async function startServer(operations) {
  const child = spawn(process.execPath, [here("./fixture-api.mjs"), String(operations)], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdout.setEncoding("utf8");
  const [line] = await once(child.stdout, "data");
  return { child, url: String(line).trim() };
}

/** The fixture server's CPU time so far (ms): asked over its standard input, answered on its output. */
async function serverCpuMs(child) {
  child.stdin.write("cpu\n");
  const [line] = await once(child.stdout, "data");
  return Number(/cpu ([\d.]+)/.exec(String(line))?.[1] ?? Number.NaN);
}

/** Requests/s the server answers for authorised GETs of its operations (list and item), no scanner involved. */
async function ceiling(url) {
  const result = await autocannon({
    url,
    connections: concurrency,
    duration: 4,
    headers: { "x-api-key": "bench-key" },
    requests: [{ method: "GET", path: "/r0000" }, { method: "GET", path: "/r0000/1" }],
  });
  return result.requests.average;
}

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
/** Each numeric figure (phases too) as the median over the runs; the first run's other fields. */
function medianRow(list) {
  const row = { ...list[0], median: true };
  for (const [k, v] of Object.entries(list[0])) if (typeof v === "number") row[k] = median(list.map((r) => r[k]));
  row.phases = Object.fromEntries(Object.keys(list[0].phases).map((k) => [k, median(list.map((r) => r.phases[k] ?? 0))]));
  return row;
}

const rows = [];
for (const size of sizes) {
  const { child, url } = await startServer(size);
  try {
    const top = await ceiling(url);
    const runRows = [];
    for (let run = 0; run < runs; run++) {
      const serverBefore = await serverCpuMs(child);
      const { stdout } = await promisify(execFile)(process.execPath, [here("./scan-one.mjs"), url, String(concurrency), String(rate)], {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      });
      const r = JSON.parse(stdout.trim().split("\n").pop());
      const serverCpu = (await serverCpuMs(child)) - serverBefore;
      runRows.push({ operations: size, ceiling: top, serverCpu, ...r });
    }
    rows.push(...runRows);
    if (runs > 1) rows.push(medianRow(runRows));
  } finally {
    child.stdin.end();
    await once(child, "exit");
  }
}

const cols = ["operations", "wall(s)", "requests", "req/s", "ceiling", "share", "CPU ms/req", "GC share", "server ms/req", "scanner CPU", "peakRSS(MiB)", "MiB/1k ops", "findings", "grade"];
console.log(`concurrency ${concurrency}, --rate ${rate}/s${runs > 1 ? `, ${runs} runs per size (then their medians)` : ""}`);
console.log("GC share: time in garbage-collection pauses over the scan's CPU time");
console.log(cols.join("  "));
for (const r of rows) {
  const perSecond = r.sent / (r.ms / 1000);
  const cells = [
    r.median ? `median ${r.operations}` : r.operations,
    (r.ms / 1000).toFixed(2),
    r.sent,
    perSecond.toFixed(0),
    r.ceiling.toFixed(0),
    `${((100 * perSecond) / r.ceiling).toFixed(1)}%`,
    (r.cpuMs / r.sent).toFixed(3),
    `${((100 * r.gcMs) / r.cpuMs).toFixed(0)}%`,
    (r.serverCpu / r.sent).toFixed(3),
    `${((100 * r.cpuMs) / (r.cpuMs + r.serverCpu)).toFixed(0)}%`,
    r.maxRssMb.toFixed(0),
    ((r.maxRssMb - r.rssBeforeMb) / (r.operations / 1000)).toFixed(1),
    r.findings,
    `${r.grade} ${r.score}`,
  ];
  console.log(cells.map((c, i) => String(c).padStart(cols[i].length)).join("  "));
}
console.log("scanner CPU by phase, ms (ms per request sent):");
for (const r of rows) {
  const parts = Object.entries(r.phases)
    .filter(([, ms]) => ms >= 0.5)
    .map(([phase, ms]) => `${phase} ${ms.toFixed(0)} (${(ms / r.sent).toFixed(3)})`);
  console.log(`  ${String(r.operations).padStart(5)} ops${r.median ? " (median)" : ""}: ${parts.join(", ")}`);
}
const summary = runs > 1 ? rows.filter((r) => r.median) : rows;
if (summary.length >= 2) {
  const a = summary[0];
  const b = summary[summary.length - 1];
  console.log(`growth: ${(b.operations / a.operations).toFixed(1)}× operations → ${(b.ms / a.ms).toFixed(1)}× time, ${(b.sent / a.sent).toFixed(1)}× requests`);
}
