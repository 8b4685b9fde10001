// Rampart's named TLS vulnerability tests side by side with testssl.sh on local servers (127.0.0.1
// only): one verdict per test from each tool, a table of agreements and disagreements, and the
// whole-process time of each tool. Needs `npm run build`; testssl.sh is optional (bench/setup-tls-tools.sh).
// Usage: node bench/tls-vulns.mjs [--runs N]   (Rampart runs N times, median; testssl.sh once per server)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { run, selfSignedCert, which } from "./_process.mjs";
import { join } from "node:path";

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf("--runs") + 1] ?? 3) || 3;
const CLI = new URL("../dist/surfaces/cli/bin.js", import.meta.url).pathname;

/** Rampart test id → testssl.sh JSON id (tests only one of them runs are listed with null). */
const TESTSSL_ID = {
  heartbleed: "heartbleed", "ccs-injection": "CCS", ticketbleed: "ticketbleed", robot: "ROBOT",
  "secure-renegotiation": "secure_renego", "client-renegotiation": "secure_client_renego", crime: "CRIME_TLS",
  breach: "BREACH", poodle: "POODLE_SSL", "fallback-scsv": "fallback_SCSV", sweet32: "SWEET32", freak: "FREAK",
  drown: "DROWN", logjam: "LOGJAM", beast: "BEAST", lucky13: "LUCKY13", rc4: "RC4", "early-data": null,
};



/** Rampart's verdicts: vulnerable | not-vulnerable | not-applicable (| error). */
async function rampart(port) {
  const times = [];
  let verdicts;
  for (let i = 0; i < RUNS; i++) {
    const r = await run(process.execPath, [CLI, "tls", `127.0.0.1:${port}`, "--format", "json"], 300_000);
    times.push(r.seconds);
    verdicts = Object.fromEntries(JSON.parse(r.out).vulnerabilities.map((v) => [v.id, { status: v.status, detail: v.detail }]));
  }
  times.sort((a, b) => a - b);
  return { verdicts, seconds: times[Math.floor(times.length / 2)], spread: `median of ${RUNS} (best ${times[0].toFixed(2)} s, worst ${times.at(-1).toFixed(2)} s)` };
}

/** testssl.sh's verdict per id, reduced to the same three words: its wording first ("not vulnerable",
 *  "VULNERABLE", "potentially VULNERABLE"), then its severity (OK/INFO = no finding). */
function testsslStatus(entry) {
  if (!entry) return { status: "not run", detail: "" };
  const f = entry.finding ?? "";
  const detail = `${entry.severity}: ${f}`;
  if (/not vulnerable/i.test(f)) return { status: "not-vulnerable", detail };
  if (/VULNERABLE|potentially/.test(f)) return { status: "vulnerable", detail };
  if (/not applicable|test failed|couldn't|could not/i.test(f)) return { status: "not-applicable", detail };
  return { status: ["OK", "INFO"].includes(entry.severity) ? "not-vulnerable" : "vulnerable", detail };
}

async function testssl(port, dir) {
  const json = join(dir, `testssl-${port}.json`);
  const r = await run("testssl", ["--protocols", "--each-cipher", "--vulnerable", "--server-defaults", "--warnings", "off", "--color", "0", "--quiet", "--jsonfile", json, `127.0.0.1:${port}`], 3_600_000);
  const entries = JSON.parse(readFileSync(json, "utf8"));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const verdicts = {};
  for (const [ours, theirs] of Object.entries(TESTSSL_ID)) if (theirs) verdicts[ours] = testsslStatus(byId.get(theirs));
  return { verdicts, seconds: r.seconds, spread: "1 run; --protocols --each-cipher --vulnerable --server-defaults" };
}

/** "not-applicable" and "not-vulnerable" both mean "no finding": tools differ in which they say. */
const finding = (s) => s === "vulnerable";

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "rampart-tls-vulns-"));
  selfSignedCert(dir);
  execFileSync("openssl", ["dhparam", "-out", join(dir, "dh1024.pem"), "1024"], { stdio: "ignore" });
  const servers = spawn(process.execPath, [new URL("./tls-vuln-servers.mjs", import.meta.url).pathname, dir], { stdio: ["pipe", "pipe", "inherit"] });
  const ports = await new Promise((resolve) => servers.stdout.once("data", (d) => resolve(JSON.parse(String(d)))));
  const haveTestssl = Boolean(which("testssl"));
  console.log(`Rampart TLS vulnerability tests vs testssl.sh — ${new Date().toISOString()}, node ${process.version}`);
  if (!haveTestssl) console.log("testssl.sh not installed (bash bench/setup-tls-tools.sh): Rampart's verdicts only");
  try {
    for (const [label, port] of Object.entries(ports)) {
      console.log(`\n== ${label} server 127.0.0.1:${port} ==`);
      const ours = await rampart(port);
      const theirs = haveTestssl ? await testssl(port, dir) : null;
      let agree = 0;
      let differ = 0;
      console.log(`${"test".padEnd(22)}${"rampart".padEnd(16)}${"testssl.sh".padEnd(16)}`);
      for (const id of Object.keys(TESTSSL_ID)) {
        const a = ours.verdicts[id]?.status ?? "missing";
        const b = theirs?.verdicts[id]?.status ?? "—";
        const same = theirs?.verdicts[id] ? finding(a) === finding(b) : null;
        if (same === true) agree++;
        if (same === false) differ++;
        console.log(`${id.padEnd(22)}${a.padEnd(16)}${b.padEnd(16)}${same === null ? "" : same ? "same" : "DIFFERENT"}`);
        if (same === false) console.log(`${"".padEnd(24)}rampart: ${ours.verdicts[id]?.detail ?? ""}\n${"".padEnd(24)}testssl.sh: ${theirs.verdicts[id].detail}`);
      }
      console.log(`rampart tls  ${ours.seconds.toFixed(2)} s  ${ours.spread} (whole process)`);
      if (theirs) {
        console.log(`testssl.sh   ${theirs.seconds.toFixed(2)} s  ${theirs.spread} (whole process)`);
        console.log(`verdicts: ${agree} same, ${differ} different (of ${agree + differ} both run); rampart tls ${(theirs.seconds / ours.seconds).toFixed(0)}× faster`);
      }
    }
  } finally {
    servers.stdin.end();
    servers.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
