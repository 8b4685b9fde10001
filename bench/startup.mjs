// Start-up benchmark: whole processes, as a user runs them. Each round runs every command once, in a
// rotating order (so load on a shared machine falls on all of them alike); prints the median and spread
// of wall time, the median CPU time and the median peak RSS of each, and the ratio to bare `node`.
// Run `npm run build` first.
// Usage: node bench/startup.mjs [--runs N] [--tls host:port [--tls-only]] [--label text] [--bin path/to/bin.js]
//   --tls also times `rampart tls host:port` (and sslscan on the same endpoint when it is installed);
//   --tls-only leaves out --version and --help (bare `node` stays, as the base of the ratios).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const BIN = flag("--bin", fileURLToPath(new URL("../dist/surfaces/cli/bin.js", import.meta.url)));
const runs = Number(flag("--runs", 15));
const tlsEndpoint = flag("--tls", null);
const tlsOnly = process.argv.includes("--tls-only");
const label = flag("--label", null);

// Loaded into each Node child with --import: reports the child's own peak RSS and CPU time on fd 3 as it
// exits (one tiny inline module, the same for every Node command, bare `node` included).
const USAGE_PROBE =
  "data:text/javascript," +
  encodeURIComponent(
    'import{writeSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();try{writeSync(3,JSON.stringify({rss:u.maxRSS*1024,cpu:(u.userCPUTime+u.systemCPUTime)/1000}))}catch{}});',
  );

const cases = [
  { name: "node -e 0", node: ["-e", "0"] },
  ...(tlsEndpoint && tlsOnly
    ? []
    : [
        { name: "rampart --version", node: [BIN, "--version"] },
        { name: "rampart --help", node: [BIN, "--help"] },
        { name: "rampart tls --help", node: [BIN, "tls", "--help"] },
      ]),
];
if (tlsEndpoint) {
  cases.push({ name: `rampart tls ${tlsEndpoint}`, node: [BIN, "tls", tlsEndpoint], settle: true });
  if (spawnSync("sslscan", ["--version"]).status === 0) cases.push({ name: `sslscan ${tlsEndpoint}`, cmd: ["sslscan", "--no-colour", tlsEndpoint], settle: true });
}

// Untimed, before each TLS run: one handshake with the endpoint, so every tool starts on an idle server.
// A server that serves one connection at a time (openssl s_server) may still be busy with the previous
// tool's last connection (s_server sleeps a second after refusing a renegotiation).
const SETTLE = `const [h,p]=process.argv[1].split(":");const s=require("tls").connect({host:h,port:+p,rejectUnauthorized:false},()=>s.destroy());s.on("error",()=>{});setTimeout(()=>process.exit(0),10000).unref()`;

function runOnce(c) {
  if (c.settle) spawnSync(process.execPath, ["-e", SETTLE, tlsEndpoint], { stdio: "ignore" });
  const [cmd, args] = c.node ? [process.execPath, ["--import", USAGE_PROBE, ...c.node]] : [c.cmd[0], c.cmd.slice(1)];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  const wall = performance.now() - t0;
  if (r.error) throw new Error(`${c.name}: ${r.error.message}`);
  let usage = {};
  try {
    usage = JSON.parse(r.output[3]?.toString() || "{}");
  } catch {
    // a child that was not Node (sslscan) reports no usage
  }
  return { wall, rss: usage.rss, cpu: usage.cpu, status: r.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const samples = new Map(cases.map((c) => [c.name, []]));
for (const c of cases) runOnce(c); // warm the file cache once
for (let round = 0; round < runs; round++) {
  for (let k = 0; k < cases.length; k++) {
    const c = cases[(round + k) % cases.length];
    samples.get(c.name).push(runOnce(c));
  }
}

const base = median(samples.get("node -e 0").map((s) => s.wall));
const baseRss = median(samples.get("node -e 0").map((s) => s.rss));
console.log(`${label ? `${label}: ` : "start-up benchmark: "}${runs} alternating whole-process runs per command, node ${process.version}`);
console.log(
  ["command".padEnd(34), "median ms".padStart(10), "p10–p90 ms".padStart(13), "× node".padStart(7), "cpu ms".padStart(7), "peak RSS MiB".padStart(13), "× node".padStart(7), "exit".padStart(5)].join(" "),
);
for (const c of cases) {
  const s = samples.get(c.name);
  const wall = median(s.map((x) => x.wall));
  const rssList = s.map((x) => x.rss).filter((x) => x !== undefined);
  const cpuList = s.map((x) => x.cpu).filter((x) => x !== undefined);
  const rss = rssList.length ? median(rssList) : undefined;
  console.log(
    [
      c.name.padEnd(34),
      wall.toFixed(0).padStart(10),
      `${quantile(s.map((x) => x.wall), 0.1).toFixed(0)}–${quantile(s.map((x) => x.wall), 0.9).toFixed(0)}`.padStart(13),
      (wall / base).toFixed(2).padStart(7),
      (cpuList.length ? median(cpuList).toFixed(0) : "-").padStart(7),
      (rss ? (rss / 1024 / 1024).toFixed(1) : "-").padStart(13),
      (rss ? (rss / baseRss).toFixed(2) : "-").padStart(7),
      String(s[0].status).padStart(5),
    ].join(" "),
  );
}
const ours = samples.get(`rampart tls ${tlsEndpoint}`);
const theirs = samples.get(`sslscan ${tlsEndpoint}`);
if (ours && theirs) {
  const ratio = median(theirs.map((x) => x.wall)) / median(ours.map((x) => x.wall));
  console.log(`rampart tls vs sslscan, whole processes: ${ratio >= 1 ? `${ratio.toFixed(2)}× faster` : `${(1 / ratio).toFixed(2)}× slower`}`);
}
