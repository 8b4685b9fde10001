// Rampart's TLS prober side by side with testssl.sh, sslscan and nmap ssl-enum-ciphers on the same
// local servers (weak and strong, 127.0.0.1 only): protocol and cipher verdicts, and wall times.
// Needs `npm run build` first. The other tools are optional (used when installed); CI needs none.
// Usage: node bench/tls-compare.mjs [--runs N] [--tools rampart-cli,rampart,rampart-enum,sslscan,sslscan-enum,nmap,testssl]
// Every tool is timed as a whole process (rampart-cli = the `rampart tls` command a user runs), in
// alternating rounds, median and spread; the ratio printed against other tools is rampart-cli's. The
// in-process figures (rampart, rampart-enum: no Node start-up) are printed apart and labelled.
// Rampart and sslscan run N times, nmap up to 3 times, testssl.sh once (it takes minutes).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { run, selfSignedCert, which } from "./_process.mjs";
import { join } from "node:path";
import { auditTls } from "../dist/tls/audit.js";
import { CIPHER_SUITES } from "../dist/tls/cipher-suites.js";
import { scanProtocol } from "../dist/tls/enumerate.js";
import { createLimiter } from "../dist/tls/limit.js";
import { scanSslv2 } from "../dist/tls/protocols.js";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const RUNS = Number(flag("--runs", "5"));
const WANTED = flag("--tools", "rampart-cli,rampart,rampart-enum,sslscan,sslscan-enum,nmap,testssl").split(",");
const CLI = new URL("../dist/surfaces/cli/bin.js", import.meta.url).pathname;
const PROTOCOLS = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
const BY_NAME = new Map(CIPHER_SUITES.map((s) => [s.name, s.code]));
const hex = (c) => `0x${c.toString(16).padStart(4, "0").toUpperCase()}`;



/** Verdict = { protocols: Set<name>, ciphers: Map<protocol|"any", Set<code>> }. */
function verdict() {
  return { protocols: new Set(), ciphers: new Map() };
}
function addCipher(v, protocol, code) {
  if (!v.ciphers.has(protocol)) v.ciphers.set(protocol, new Set());
  v.ciphers.get(protocol).add(code);
}

// ---------------------------------------------------------------- the tools

/** One whole `rampart tls` process, as a user runs it: start-up, audit, JSON out. */
async function rampartCliOnce(port) {
  const r = await run(process.execPath, [CLI, "tls", `127.0.0.1:${port}`, "--format", "json"], 120_000);
  const a = JSON.parse(r.out);
  const v = verdict();
  for (const p of a.protocols) if (p.supported) v.protocols.add(p.name);
  for (const p of a.ciphers) for (const c of p.ciphers) addCipher(v, p.protocol, c.code);
  return { v, seconds: r.seconds, detail: `whole process \`rampart tls --format json\`; ${a.connections} connections; grade ${a.grade.letter}` };
}

/** The same audit inside this process (no Node start-up, modules already loaded). */
async function rampartOnce(port) {
  const t0 = performance.now();
  const a = await auditTls("127.0.0.1", port, { timeoutMs: 5000 });
  const seconds = (performance.now() - t0) / 1000;
  const v = verdict();
  for (const p of a.protocols) if (p.supported) v.protocols.add(p.name);
  for (const p of a.ciphers) for (const c of p.ciphers) addCipher(v, p.protocol, c.code);
  return { v, seconds, detail: `in-process auditTls(); ${a.connections} connections; full audit, grade ${a.grade.letter}` };
}

async function sslscanOnce(port, dir, extra, detail) {
  const xml = join(dir, `sslscan-${port}.xml`);
  const r = await run("sslscan", ["--no-colour", ...extra, `--xml=${xml}`, `127.0.0.1:${port}`], 600_000);
  const text = readFileSync(xml, "utf8");
  const v = verdict();
  for (const m of text.matchAll(/<protocol type="(ssl|tls)" version="([\d.]+)" enabled="1"/g)) v.protocols.add(m[1] === "ssl" ? `SSLv${m[2]}` : `TLSv${m[2]}`);
  for (const m of text.matchAll(/<cipher status="(?:accepted|preferred)" sslversion="([^"]+)"[^>]* id="0x([0-9A-Fa-f]+)"/g)) addCipher(v, m[1], parseInt(m[2], 16));
  return { v, seconds: r.seconds, detail };
}

/** The same probes as the audit, without group scans, certificate analysis and grade, in-process: the
 *  part to hold against sslscan's protocol + suite enumeration. */
async function rampartEnumOnce(port) {
  const t0 = performance.now();
  const ctx = { host: "127.0.0.1", port, timeoutMs: 5000, servername: null, limit: createLimiter(8) };
  const scans = await Promise.all([scanSslv2(ctx), ...["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map((p) => scanProtocol(ctx, p).done)]);
  const seconds = (performance.now() - t0) / 1000;
  const v = verdict();
  for (const s of scans) {
    if (s.result.supported) v.protocols.add(s.result.name);
    for (const c of s.ciphers?.ciphers ?? []) addCipher(v, s.result.name, c.code);
  }
  return { v, seconds, detail: `in-process; ${ctx.limit.started} connections; protocols + suites + server order only` };
}

/** sslscan's default run (protocols, suites, groups, certificate, heartbleed, renegotiation …). */
const sslscanDefaultOnce = (port, dir) => sslscanOnce(port, dir, [], "default run (incl. groups)");
/** sslscan reduced to protocols + suites + certificate: its fastest enumeration. */
const sslscanEnumOnce = (port, dir) =>
  sslscanOnce(port, dir, ["--no-compression", "--no-fallback", "--no-groups", "--no-heartbleed", "--no-renegotiation"], "--no-compression --no-fallback --no-groups --no-heartbleed --no-renegotiation");

async function nmapOnce(port) {
  const r = await run("nmap", ["-Pn", "-n", "-p", String(port), "--script", "ssl-enum-ciphers", "-oX", "-", "127.0.0.1"], 600_000);
  const v = verdict();
  const parts = r.out.split(/<table key="(SSLv3|TLSv1\.[0-3])">/);
  for (let i = 1; i < parts.length; i += 2) {
    const protocol = parts[i];
    v.protocols.add(protocol);
    for (const m of parts[i + 1].split(/<table key="(?:SSLv3|TLSv1\.[0-3])">/)[0].matchAll(/<elem key="name">([^<]+)<\/elem>/g)) {
      // nmap names TLS 1.3 suites after an early draft (TLS_AKE_WITH_…); same codes.
      const name = m[1].replace(/^TLS_AKE_WITH_/, "TLS_");
      addCipher(v, protocol, BY_NAME.get(name) ?? name);
    }
  }
  return { v, seconds: r.seconds, detail: "--script ssl-enum-ciphers" };
}

async function testssl(port, dir) {
  const json = join(dir, `testssl-${port}.json`);
  const r = await run("testssl", ["--protocols", "--each-cipher", "--warnings", "off", "--color", "0", "--quiet", "--jsonfile", json, `127.0.0.1:${port}`], 1_800_000);
  const entries = JSON.parse(readFileSync(json, "utf8"));
  const ids = { SSLv2: "SSLv2", SSLv3: "SSLv3", TLS1: "TLSv1.0", TLS1_1: "TLSv1.1", TLS1_2: "TLSv1.2", TLS1_3: "TLSv1.3" };
  const v = verdict();
  for (const e of entries) {
    if (ids[e.id] && /offered/.test(e.finding) && !/not offered/.test(e.finding)) v.protocols.add(ids[e.id]);
    const m = /^cipher_x([0-9a-f]+)$/i.exec(e.id);
    if (m) addCipher(v, "any", parseInt(m[1], 16));
  }
  return { v, seconds: r.seconds, detail: "1 run; --protocols --each-cipher (its cipher list is not per protocol)" };
}

/** Each tool: one run, how many runs it gets, and whether it is timed as a whole process. */
const TOOLS = {
  "rampart-cli": { once: rampartCliOnce, runs: () => RUNS, process: true },
  rampart: { once: rampartOnce, runs: () => RUNS, process: false },
  "rampart-enum": { once: rampartEnumOnce, runs: () => RUNS, process: false },
  sslscan: { once: sslscanDefaultOnce, runs: () => RUNS, process: true },
  "sslscan-enum": { once: sslscanEnumOnce, runs: () => RUNS, process: true },
  nmap: { once: nmapOnce, runs: () => Math.min(RUNS, 3), process: true },
  // testssl.sh takes minutes per server: one run.
  testssl: { once: testssl, runs: () => 1, process: true },
};
const BINARY = { "sslscan-enum": "sslscan" };

/** Runs every tool in alternating rounds (so drift on the machine hits all of them alike); returns per
 *  tool the last verdict and the median, best and worst wall time. */
async function timeAll(tools, port, dir) {
  const seconds = Object.fromEntries(tools.map((t) => [t, []]));
  const last = {};
  const rounds = Math.max(...tools.map((t) => TOOLS[t].runs()));
  for (let round = 0; round < rounds; round++) {
    for (const t of tools) {
      if (round >= TOOLS[t].runs()) continue;
      last[t] = await TOOLS[t].once(port, dir);
      seconds[t].push(last[t].seconds);
    }
  }
  const out = {};
  for (const t of tools) {
    const sorted = [...seconds[t]].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const spread = sorted.length > 1 ? `median of ${sorted.length} (best ${sorted[0].toFixed(3)} s, worst ${sorted[sorted.length - 1].toFixed(3)} s)` : "1 run";
    out[t] = { ...last[t], seconds: median, detail: `${spread}; ${last[t].detail}` };
  }
  return out;
}

// ---------------------------------------------------------------- comparison

function union(v) {
  return new Set([...v.ciphers.values()].flatMap((s) => [...s]));
}

function differences(ours, theirs) {
  const out = [];
  const name = (c) => (typeof c === "number" ? `${hex(c)} ${CIPHER_SUITES.find((s) => s.code === c)?.openssl ?? ""}`.trim() : c);
  const diffSets = (label, a, b) => {
    const onlyOurs = [...a].filter((x) => !b.has(x));
    const onlyTheirs = [...b].filter((x) => !a.has(x));
    if (onlyOurs.length) out.push(`${label}: only Rampart: ${onlyOurs.map(name).join(", ")}`);
    if (onlyTheirs.length) out.push(`${label}: only them: ${onlyTheirs.map(name).join(", ")}`);
  };
  diffSets("protocols", ours.protocols, theirs.protocols);
  if (theirs.ciphers.has("any")) diffSets("suites (all protocols)", union(ours), theirs.ciphers.get("any"));
  else for (const p of PROTOCOLS) diffSets(`${p} suites`, ours.ciphers.get(p) ?? new Set(), theirs.ciphers.get(p) ?? new Set());
  return out;
}

function summary(v) {
  const protos = PROTOCOLS.filter((p) => v.protocols.has(p)).join(" ");
  const counts = v.ciphers.has("any") ? `${v.ciphers.get("any").size} suites` : PROTOCOLS.filter((p) => v.ciphers.has(p)).map((p) => `${p}:${v.ciphers.get(p).size}`).join(" ");
  return `${protos.padEnd(32)} ${counts}`;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "rampart-tls-bench-"));
  selfSignedCert(dir);
  const servers = spawn(process.execPath, [new URL("./tls-servers.mjs", import.meta.url).pathname, dir], { stdio: ["pipe", "pipe", "inherit"] });
  const ports = await new Promise((resolve) => servers.stdout.once("data", (d) => resolve(JSON.parse(String(d)))));
  const tools = WANTED.filter((t) => TOOLS[t] && (t.startsWith("rampart") || which(BINARY[t] ?? t)));
  if (tools.includes("rampart-cli") && !existsSync(CLI)) throw new Error("run npm run build first");
  const missing = WANTED.filter((t) => !tools.includes(t));
  console.log(`Rampart TLS comparison — ${new Date().toISOString()}, node ${process.version}, ${RUNS} alternating round(s) per server`);
  if (missing.length) console.log(`not installed (skipped): ${missing.join(", ")}`);
  try {
    for (const [label, port] of Object.entries(ports)) {
      console.log(`\n== ${label} server 127.0.0.1:${port} ==`);
      const results = await timeAll(tools, port, dir);
      for (const t of tools) {
        console.log(`${t.padEnd(12)} ${results[t].seconds.toFixed(3).padStart(8)} s  ${summary(results[t].v)}`);
        console.log(`${"".padEnd(24)}${results[t].detail}`);
      }
      const ours = results["rampart-cli"] ?? results.rampart;
      if (!ours) continue;
      console.log("verdicts and CLI ratio (whole processes, like for like):");
      for (const t of tools.filter((x) => !x.startsWith("rampart"))) {
        const diff = differences(ours.v, results[t].v);
        const ratio = results[t].seconds / ours.seconds;
        const label = results["rampart-cli"] ? "rampart tls" : "rampart (in-process)";
        console.log(`  vs ${t.padEnd(12)} ${diff.length ? "DIFFERENT" : "identical verdicts"}; ${label} ${ratio >= 1 ? `${ratio.toFixed(2)}× faster` : `${(1 / ratio).toFixed(2)}× slower`}`);
        for (const d of diff) console.log(`      ${d}`);
      }
      const inProcess = ["rampart", "rampart-enum"].filter((t) => results[t]);
      if (inProcess.length) {
        console.log("in-process figure (no Node start-up; not comparable with whole processes):");
        for (const t of inProcess) {
          const diff = differences(ours.v, results[t].v);
          const startup = results["rampart-cli"] && t === "rampart" ? `; start-up and output ≈ ${(results["rampart-cli"].seconds - results[t].seconds).toFixed(3)} s of the command` : "";
          console.log(`  ${t.padEnd(12)} ${results[t].seconds.toFixed(3)} s, ${diff.length ? "verdicts DIFFERENT" : "same verdicts"}${startup}`);
        }
      }
    }
  } finally {
    servers.stdin.end();
    servers.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
