// The store section of `npm run bench:scale` (bench/scale.ts): store throughput on both backends (the
// PostgreSQL one started here on 127.0.0.1): N completed scans written by 1, 2 and 4 concurrent writers
// (separate pools, as separate processes would hold), then list/open latency. Prints the figures; asserts nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { RampartStore } from "../src/store/contract.js";
import { openPgBackend } from "../src/store/postgres/backend.js";
import { openSqliteBackend } from "../src/store/sqlite-backend.js";
import { startPostgres } from "../test/helpers/postgres.js";
import { makeReport } from "../test/store/fixtures/report.js";
import { cleanupStep } from "./scale-procs.js";

const HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n";
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function writeAll(stores: RampartStore[], tag: string, scans: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    stores.map(async (s) => {
      for (;;) {
        const i = next++;
        if (i >= scans) return;
        const id = await s.scans.begin({ target: `http://127.0.0.1:${9000 + (i % 50)}`, status: "queued" });
        await s.scans.markRunning(id);
        const findings = Array.from({ length: 8 }, (_, k) => ({ id: `${tag}-${i}-${k}`, severity: "medium" as const }));
        await s.scans.complete(makeReport({ scanId: id, target: `http://127.0.0.1:${9000 + (i % 50)}`, findings }), id);
      }
    }),
  );
  return (scans / (performance.now() - t0)) * 60_000;
}

async function reads(s: RampartStore): Promise<string> {
  const list: number[] = [];
  const open: number[] = [];
  const ids = (await s.scans.list({ limit: 100 })).map((x) => x.id);
  for (let i = 0; i < 100; i++) {
    let t = performance.now();
    await s.scans.list({ limit: 50, offset: (i % 10) * 50 });
    list.push(performance.now() - t);
    t = performance.now();
    await s.scans.get(ids[i % ids.length] as string);
    open.push(performance.now() - t);
  }
  return `list p50 ${pct(list, 50).toFixed(2)} ms p95 ${pct(list, 95).toFixed(2)} ms; open p50 ${pct(open, 50).toFixed(2)} ms p95 ${pct(open, 95).toFixed(2)} ms`;
}

export async function runStoreBench(scans: number): Promise<void> {
  const server = await startPostgres({ hba: HBA, conf: ["max_connections = 60"] });
  const stopServer = cleanupStep(() => server.stop());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-scale-"));
  const removeDir = cleanupStep(() => fs.rmSync(dir, { recursive: true, force: true }));
  console.log(`store throughput: ${scans} scans (begin, running, complete with 8 findings) per run; ${os.cpus().length} CPUs`);
  for (const writers of [1, 2, 4]) {
    const file = path.join(dir, `w${writers}.db`);
    const sqlite = Array.from({ length: writers }, () => openSqliteBackend({ path: file }));
    const sqlitePerMin = await writeAll(sqlite, `s${writers}`, scans);
    const sqliteReads = await reads(sqlite[0] as RampartStore);
    for (const s of sqlite) await s.close();

    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${server.port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE bench_w${writers}`);
    await admin.end();
    const url = `postgres://postgres@127.0.0.1:${server.port}/bench_w${writers}`;
    const pgs = await Promise.all(Array.from({ length: writers }, () => openPgBackend(url, { max: 2 })));
    const pgPerMin = await writeAll(pgs, `p${writers}`, scans);
    const pgReads = await reads(pgs[0] as RampartStore);
    for (const s of pgs) await s.close();
    console.log(`${writers} writer(s): SQLite ${Math.round(sqlitePerMin)} scans/min (${sqliteReads})`);
    console.log(`${writers} writer(s): PostgreSQL ${Math.round(pgPerMin)} scans/min (${pgReads})`);
  }
  await stopServer();
  await removeDir();
}
