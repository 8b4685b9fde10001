// npm run bench: scans fixture APIs of 25, 100 and 400 operations on 127.0.0.1 and prints wall time,
// requests sent, requests/s and peak RSS per size. Figures, not assertions.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startFixture } from "./fixture-api.mjs";

const sizes = (process.env.BENCH_SIZES ?? "25,100,400").split(",").map(Number);
const rows = [];
for (const size of sizes) {
  const { server, url } = await startFixture(size);
  try {
    // Async: the fixture server lives in this process and must keep answering while the child scans.
    const { stdout: out } = await promisify(execFile)(process.execPath, [new URL("./scan-one.mjs", import.meta.url).pathname, url], { encoding: "utf8", maxBuffer: 1 << 24 });
    const r = JSON.parse(out.trim().split("\n").pop());
    rows.push({ operations: size, ...r });
  } finally {
    server.close();
  }
}
console.log("operations  wall(s)  requests  req/s   req/op  peakRSS(MB)  findings  grade");
for (const r of rows) {
  console.log(
    `${String(r.operations).padStart(10)}  ${(r.ms / 1000).toFixed(2).padStart(7)}  ${String(r.sent).padStart(8)}  ${(r.sent / (r.ms / 1000)).toFixed(0).padStart(5)}  ${(r.sent / r.operations).toFixed(1).padStart(6)}  ${r.maxRssMb.toFixed(0).padStart(11)}  ${String(r.findings).padStart(8)}  ${r.grade}`,
  );
}
if (rows.length >= 2) {
  const a = rows[0], b = rows[rows.length - 1];
  console.log(`growth: ${(b.operations / a.operations).toFixed(1)}× operations → ${(b.ms / a.ms).toFixed(1)}× time, ${(b.sent / a.sent).toFixed(1)}× requests`);
}
