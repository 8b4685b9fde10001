// Rampart's TLS prober side by side with testssl.sh, sslscan and nmap ssl-enum-ciphers on the same
// local servers (weak and strong, 127.0.0.1 only): protocol and cipher verdicts, and wall times.
// Needs `npm run build` first. The other tools are optional (used when installed); CI needs none.
// Usage: node bench/tls-compare.mjs [--runs N] [--tools rampart,sslscan,sslscan-enum,nmap,testssl]
// Rampart and sslscan run N times (median), nmap up to 3 times, testssl.sh once (it takes minutes).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
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
const WANTED = flag("--tools", "rampart,rampart-enum,sslscan,sslscan-enum,nmap,testssl").split(",");
const PROTOCOLS = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
const BY_NAME = new Map(CIPHER_SUITES.map((s) => [s.name, s.code]));
const hex = (c) => `0x${c.toString(16).padStart(4, "0").toUpperCase()}`;

function which(cmd) {
  for (const dir of (process.env.PATH ?? "").split(":")) if (existsSync(join(dir, cmd))) return join(dir, cmd);
  return null;
}

function run(cmd, argv, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", () => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** Verdict = { protocols: Set<name>, ciphers: Map<protocol|"any", Set<code>> }. */
function verdict() {
  return { protocols: new Set(), ciphers: new Map() };
}
function addCipher(v, protocol, code) {
  if (!v.ciphers.has(protocol)) v.ciphers.set(protocol, new Set());
  v.ciphers.get(protocol).add(code);
}

// ---------------------------------------------------------------- the tools

/** Runs `once` RUNS times (or `times`), returns the last verdict and the median wall time. */
async function repeat(once, times = RUNS) {
  const seconds = [];
  let last;
  for (let i = 0; i < times; i++) {
    last = await once();
    seconds.push(last.seconds);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const spread = times > 1 ? `median of ${times} (best ${sorted[0].toFixed(3)} s, worst ${sorted[sorted.length - 1].toFixed(3)} s)` : "1 run";
  return { ...last, seconds: median, detail: `${spread}; ${last.detail}` };
}

async function rampart(port) {
  return repeat(async () => {
    const t0 = performance.now();
    const a = await auditTls("127.0.0.1", port, { timeoutMs: 5000 });
    const seconds = (performance.now() - t0) / 1000;
    const v = verdict();
    for (const p of a.protocols) if (p.supported) v.protocols.add(p.name);
    for (const p of a.ciphers) for (const c of p.ciphers) addCipher(v, p.protocol, c.code);
    return { v, seconds, detail: `${a.connections} connections; full audit: protocols, suites, order, groups, DH, certificate, grade ${a.grade.letter}` };
  });
}

async function sslscanWith(port, dir, extra, detail) {
  return repeat(async () => {
    const xml = join(dir, `sslscan-${port}.xml`);
    const r = await run("sslscan", ["--no-colour", ...extra, `--xml=${xml}`, `127.0.0.1:${port}`], 600_000);
    const text = readFileSync(xml, "utf8");
    const v = verdict();
    for (const m of text.matchAll(/<protocol type="(ssl|tls)" version="([\d.]+)" enabled="1"/g)) v.protocols.add(m[1] === "ssl" ? `SSLv${m[2]}` : `TLSv${m[2]}`);
    for (const m of text.matchAll(/<cipher status="(?:accepted|preferred)" sslversion="([^"]+)"[^>]* id="0x([0-9A-Fa-f]+)"/g)) addCipher(v, m[1], parseInt(m[2], 16));
    return { v, seconds: r.seconds, detail };
  });
}

/** The same probes as the audit, without group scans, certificate analysis and grade: the part to
 *  hold against sslscan's protocol + suite enumeration. */
async function rampartEnum(port) {
  return repeat(async () => {
    const t0 = performance.now();
    const ctx = { host: "127.0.0.1", port, timeoutMs: 5000, servername: null, limit: createLimiter(8) };
    const scans = await Promise.all([scanSslv2(ctx), ...["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map((p) => scanProtocol(ctx, p).done)]);
    const seconds = (performance.now() - t0) / 1000;
    const v = verdict();
    for (const s of scans) {
      if (s.result.supported) v.protocols.add(s.result.name);
      for (const c of s.ciphers?.ciphers ?? []) addCipher(v, s.result.name, c.code);
    }
    return { v, seconds, detail: `${ctx.limit.started} connections; protocols + suites + server order only` };
  });
}

/** sslscan's default run (protocols, suites, groups, certificate, heartbleed, renegotiation …). */
const sslscan = (port, dir) => sslscanWith(port, dir, [], "default run (incl. groups)");
/** sslscan reduced to protocols + suites + certificate: its fastest enumeration. */
const sslscanEnum = (port, dir) =>
  sslscanWith(port, dir, ["--no-compression", "--no-fallback", "--no-groups", "--no-heartbleed", "--no-renegotiation"], "--no-compression --no-fallback --no-groups --no-heartbleed --no-renegotiation");

async function nmap(port) {
  return repeat(() => nmapOnce(port), Math.min(RUNS, 3));
}

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

const TOOLS = { rampart, "rampart-enum": rampartEnum, sslscan, "sslscan-enum": sslscanEnum, nmap, testssl };
const BINARY = { "sslscan-enum": "sslscan" };

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
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
  const servers = spawn(process.execPath, [new URL("./tls-servers.mjs", import.meta.url).pathname, dir], { stdio: ["pipe", "pipe", "inherit"] });
  const ports = await new Promise((resolve) => servers.stdout.once("data", (d) => resolve(JSON.parse(String(d)))));
  const tools = WANTED.filter((t) => TOOLS[t] && (t.startsWith("rampart") || which(BINARY[t] ?? t)));
  const missing = WANTED.filter((t) => !tools.includes(t));
  console.log(`Rampart TLS comparison — ${new Date().toISOString()}, node ${process.version}, ${RUNS} Rampart run(s) per server`);
  if (missing.length) console.log(`not installed (skipped): ${missing.join(", ")}`);
  try {
    for (const [label, port] of Object.entries(ports)) {
      console.log(`\n== ${label} server 127.0.0.1:${port} ==`);
      const results = {};
      for (const t of tools) {
        results[t] = await TOOLS[t](port, dir);
        console.log(`${t.padEnd(12)} ${results[t].seconds.toFixed(3).padStart(8)} s  ${summary(results[t].v)}`);
        console.log(`${"".padEnd(24)}${results[t].detail}`);
      }
      if (!results.rampart) continue;
      for (const t of tools.filter((x) => x !== "rampart")) {
        const diff = differences(results.rampart.v, results[t].v);
        // Like for like: the enumeration-only runs against each other, full runs against the full audit.
        const ours = t === "sslscan-enum" && results["rampart-enum"] ? results["rampart-enum"] : results.rampart;
        const ratio = results[t].seconds / ours.seconds;
        const who = ours === results.rampart ? "rampart" : "rampart-enum";
        if (t === "rampart-enum") {
          console.log(`rampart-enum ${diff.length ? "DIFFERENT from" : "same verdicts as"} the full audit`);
          continue;
        }
        console.log(`vs ${t.padEnd(12)} ${diff.length ? "DIFFERENT" : "identical verdicts"}; ${who} ${ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`}`);
        for (const d of diff) console.log(`    ${d}`);
      }
    }
  } finally {
    servers.stdin.end();
    servers.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
