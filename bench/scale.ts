// npm run bench:scale [-- options] — how Rampart scales out on PostgreSQL, measured on this machine, all traffic
// to 127.0.0.1. Two sections:
//   queue: N scans enqueued through POST /api/scans on `rampart serve --no-runner`, run by 1, 2 and 4
//          `rampart worker` processes: scans/min, queue latency p50/p95, database load (bench/queue-scale.ts)
//   store: N scans written through the store contract by 1, 2 and 4 writers (bench/store-scale.ts)
// Options: --scans N (default 500)  --workers 1,2,4  --concurrency C (per worker, default 4)  --apis K (16)
//          --operations O (per API, 12)  --depth quick|standard|deep (quick)  --trickle T (20)
//          --host-concurrency N --host-rps N (passed to the workers)  --queue-jobs J (2000)  --only queue|store
// Prints figures; asserts nothing. Every process and temp directory is removed at the end, on error or Ctrl-C.
import os from "node:os";
import { parseArgs } from "node:util";
import { pct, QueueBench, type QueueBenchOptions, type RoundResult } from "./queue-scale.js";
import { cleanUp, cleanUpOnSignals } from "./scale-procs.js";
import { runStoreBench } from "./store-scale.js";

const { values } = parseArgs({
  options: {
    scans: { type: "string", default: "500" },
    workers: { type: "string", default: "1,2,4" },
    concurrency: { type: "string", default: "4" },
    apis: { type: "string", default: "16" },
    operations: { type: "string", default: "12" },
    depth: { type: "string", default: "quick" },
    trickle: { type: "string", default: "20" },
    "queue-jobs": { type: "string", default: "2000" },
    "host-concurrency": { type: "string" },
    "host-rps": { type: "string" },
    only: { type: "string" },
  },
});

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench:scale: --${name} must be a whole number >= ${min}`);
    process.exit(2);
  }
  return n;
}

const depth = values.depth as QueueBenchOptions["depth"];
if (!["quick", "standard", "deep"].includes(depth)) {
  console.error("bench:scale: --depth must be quick, standard or deep");
  process.exit(2);
}
const workers = values.workers.split(",").map((w) => int("workers", w, 1) as number);
const opts: QueueBenchOptions = {
  scans: int("scans", values.scans, 1) as number,
  workers,
  concurrency: int("concurrency", values.concurrency, 1) as number,
  apis: int("apis", values.apis, 1) as number,
  operations: int("operations", values.operations, 2) as number,
  depth,
  trickle: int("trickle", values.trickle, 0) as number,
  ...(values["host-concurrency"] ? { hostConcurrency: int("host-concurrency", values["host-concurrency"], 1) } : {}),
  ...(values["host-rps"] ? { hostRps: int("host-rps", values["host-rps"], 1) } : {}),
};

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");
const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : "–");
const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;

function table(head: string[], rows: string[][]): void {
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

async function queueSection(): Promise<void> {
  const bench = new QueueBench(opts);
  const { pgVersion, settings } = await bench.setUp();
  const limits = bench.hostLimits;
  const share = Math.min(50, Math.max(1, Math.floor(limits.rps / limits.concurrency)));
  const [l1, l5] = os.loadavg();
  console.log(`\n## Queue: ${opts.scans} scans through POST /api/scans, run by ${workers.join(", ")} worker process(es)`);
  console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${f2(l1 ?? NaN)} / ${f2(l5 ?? NaN)} (1 / 5 min) at start; Node ${process.version}`);
  console.log(`PostgreSQL ${pgVersion} on 127.0.0.1 (${settings}); a fresh database per round`);
  console.log(`targets: ${bench.urls.length} fixture APIs of ${opts.operations} operations, one port each (one host:port each), in one child process`);
  console.log(`scans: depth ${opts.depth}, identity (X-API-Key) stored on the server and sealed into each job; each worker --concurrency ${opts.concurrency}`);
  console.log(
    `per-host limits (shared by all workers): --host-concurrency ${limits.concurrency} live scans per host:port, --host-rps ${limits.rps} ` +
      `split among them: each scan runs at min(its rate 50, ${limits.rps}/${limits.concurrency}) = ${share} requests/s; ` +
      `${bench.urls.length} hosts allow ${bench.urls.length * limits.concurrency} live scans (workers × concurrency at most ${Math.max(...workers) * opts.concurrency})`,
  );
  console.log(`trickle: ${opts.trickle} more scans after the backlog, one a second, to workers with free slots (pick-up latency)`);

  const results: (RoundResult & { enqueuePerSecond: number })[] = [];
  for (const w of workers) {
    const r = await bench.round(w);
    results.push(r);
    console.log(
      `\n${w} worker(s): ${f0(r.perMinute)} scans/min (${f0(r.wallPerMinute)} counting worker start-up); ` +
        `a scan: ${f0(r.requests)} requests in ${secs(r.scanMs)}; enqueue ${f0(r.enqueuePerSecond)} scans/s through the API`,
    );
    console.log(`  anomalies: ${r.anomalies.length ? r.anomalies.join("; ") : "none (every scan completed once, no job left, no deferral)"}`);
    const perScan = (x: number) => f1(x / r.totalScans);
    console.log(`  rows written per scan (inserted/updated/deleted): ${r.tables.map((t) => `${t.name} ${perScan(t.inserted)}/${perScan(t.updated)}/${perScan(t.deleted)}`).join(", ")}`);
    if (r.top.length) {
      console.log(`  top statements by time (of ${r.totalScans} scans): calls/scan, ms/scan, statement`);
      for (const s of r.top) console.log(`    ${f1(s.calls / r.totalScans).padStart(6)} ${f2(s.totalMs / r.totalScans).padStart(7)}  ${s.query.slice(0, 110)}`);
    }
  }

  const one = results.find((r) => r.workers === 1);
  console.log("\nThroughput and queue latency (backlog: all scans enqueued before the workers start; trickle: one a second)\n");
  table(
    ["workers", "scans/min", "vs 1 worker", "backlog wait p50 / p95", "trickle pick-up p50 / p95", "worker CPU / scan", "worker peak RSS", "worker cores busy", "fixture APIs cores busy", "machine busy"],
    results.map((r) => [
      String(r.workers),
      f0(r.perMinute),
      one ? `${f2(r.perMinute / one.perMinute)}×` : "–",
      `${secs(pct(r.backlogLatency, 50))} / ${secs(pct(r.backlogLatency, 95))}`,
      `${secs(pct(r.trickleLatency, 50))} / ${secs(pct(r.trickleLatency, 95))}`,
      `${f0(r.workerCpuMsPerScan)} ms`,
      `${f0(r.workerRssMb)} MB`,
      f2(r.workerCores),
      f2(r.fixtureCores),
      `${f0(r.machineBusy * 100)} %`,
    ]),
  );
  console.log("\nDatabase load per scan (whole round: enqueue, run, record, queue upkeep; row counts include the schema's creation)\n");
  table(
    ["workers", "PG CPU / scan", "PG cores busy", "statements / scan", "DB time / scan", "commits / scan", "rows ins / upd / del per scan", "rows read / scan", "WAL / scan", "DB growth / scan", "scans table / scan", "report stored / JSON"],
    results.map((r) => {
      const n = r.totalScans;
      return [
        String(r.workers),
        `${f0(r.pgCpuMsPerScan)} ms`,
        f2(r.pgCores),
        r.statements ? f0(r.statements.calls / n) : "–",
        r.statements ? `${f1(r.statements.totalMs / n)} ms` : "–",
        f0(r.load.commits / n),
        `${f0(r.load.inserted / n)} / ${f0(r.load.updated / n)} / ${f0(r.load.deleted / n)}`,
        f0((r.load.returned + r.load.fetched) / n),
        kb(r.load.walBytes / n),
        kb(r.load.sizeBytes / n),
        kb(r.scansTableBytes / n),
        `${kb(r.reportBytes)} / ${kb(r.reportRawBytes)}`,
      ];
    }),
  );
  if (one) {
    console.log(`\nScaling: ${results.filter((r) => r !== one).map((r) => `${r.workers} workers ${f2(r.perMinute / one.perMinute)}× one worker`).join(", ")}`);
  }
  const jobs = int("queue-jobs", values["queue-jobs"], 0) as number;
  if (jobs > 0) {
    const q = await bench.queueAlone(jobs, 4);
    console.log(
      `\nQueue alone (pg-boss on this PostgreSQL, empty jobs, no scanning): ${f0(q.sendPerSecond)} jobs/s enqueued (8 senders), ` +
        `${f0(q.takePerSecond)} jobs/s fetched and completed (${q.consumers} consumers, one job per fetch as workers do; ${q.taken} taken); ` +
        `PostgreSQL ${f2(q.pgCpuMsPerJob)} ms CPU and ${f1(q.commitsPerJob)} commits per job`,
    );
  }
}

cleanUpOnSignals();
let code = 0;
try {
  if (values.only !== "store") await queueSection();
  if (values.only !== "queue") {
    console.log("\n## Store alone");
    await runStoreBench(opts.scans);
  }
} catch (e) {
  console.error(`bench:scale failed: ${(e as Error).message}`);
  code = 1;
} finally {
  await cleanUp();
}
process.exit(code);
