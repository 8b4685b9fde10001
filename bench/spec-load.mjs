// Spec-loader benchmark: loads the 10,000-operation stress document and the largest real documents
// of the corpus through the built library (run `npm run build` first) and prints time and heap; then
// times the two YAML parsers alone on the largest YAML document (js-yaml, which the loader tries first,
// and the `yaml` package, which it falls back on for aliases and error positions).
// Usage: node --expose-gc bench/spec-load.mjs [corpus-dir] [runs]
// Without a corpus directory it reads the repository's copy: the bundled files and the unpacked archive.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { x as untar } from "tar";
import { setImmediate } from "node:timers";
import { CORE_SCHEMA, load as jsYamlLoad } from "js-yaml";
import { parseDocument } from "yaml";
import { loadSpec } from "../dist/spec/index.js";

const corpus = process.argv[2] ?? (await repositoryCorpus());

/** The repository's corpus in one temporary directory (removed at exit). */
async function repositoryCorpus() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rampart-corpus-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  cpSync(fileURLToPath(new URL("../test/fixtures/spec-corpus", import.meta.url)), dir, { recursive: true });
  await untar({ file: fileURLToPath(new URL("../test/fixtures/spec-corpus-large.tar.gz", import.meta.url)), cwd: dir });
  return dir;
}
const runs = Number(process.argv[3] ?? 3);

const YAML_DOCUMENT = "asana/defs/asana_oas.yaml";
const DOCUMENTS = [
  ["stress, 10,000 operations", "synthetic/stress-10000-operations.json"],
  ["Asana, 2.9 MiB YAML", "asana/defs/asana_oas.yaml"],
  ["SendGrid 3.1, 2.5 MiB JSON", "sendgrid/oai_v3_stoplight.json"],
  ["Twilio, 1.8 MiB JSON", "twilio/spec/json/twilio_api_v2010.json"],
  ["DigitalOcean, 1,500 files", "digitalocean/specification/DigitalOcean-public.v2.yaml"],
];

// A tick first: the last awaited result stays referenced until the next turn of the event loop.
const gc = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc?.();
};
const mib = (n) => (n / 1024 / 1024).toFixed(1);

console.log(`spec-load benchmark: ${runs} run(s) per document, node ${process.version}`);
console.log(["document".padEnd(30), "ops".padStart(6), "first ms".padStart(9), "best ms".padStart(8), "cpu ms".padStart(7), "heap MiB".padStart(9), "kept MiB".padStart(9)].join(" "));
let keep = null;
for (const [name, file] of DOCUMENTS) {
  const times = [];
  // CPU time too: on a shared machine wall time mostly measures the neighbours.
  const cpu = [];
  let ops = 0;
  let peak = 0;
  let retained = 0;
  for (let i = 0; i < runs; i++) {
    keep = null;
    await gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    keep = await loadSpec(path.join(corpus, file), { cwd: corpus });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    // Heap right after loading (parse garbage included), then what the model itself keeps alive.
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    await gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - before);
    ops = keep.operations.length;
  }
  const best = Math.min(...times);
  console.log(
    [name.padEnd(30), String(ops).padStart(6), times[0].toFixed(0).padStart(9), best.toFixed(0).padStart(8), Math.min(...cpu).toFixed(0).padStart(7), mib(peak).padStart(9), mib(retained).padStart(9)].join(" "),
  );
}
if (!globalThis.gc) console.log("(run with --expose-gc for heap figures after collection)");

// The parsers alone, alternating so both see the same load on a shared machine; CPU time per parse.
const text = readFileSync(path.join(corpus, YAML_DOCUMENT), "utf8");
const PARSERS = [
  ["yaml (parseDocument + toJS)", () => parseDocument(text, { uniqueKeys: false }).toJS()],
  ["js-yaml (load, core schema)", () => jsYamlLoad(text, { schema: CORE_SCHEMA, json: true })],
];
const cpuOf = Object.fromEntries(PARSERS.map(([name]) => [name, []]));
for (let i = 0; i < Math.max(runs, 3); i++) {
  for (const [name, parse] of PARSERS) {
    await gc();
    const c0 = process.cpuUsage();
    parse();
    const c = process.cpuUsage(c0);
    cpuOf[name].push((c.user + c.system) / 1000);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nYAML parsers on ${YAML_DOCUMENT} (${mib(Buffer.byteLength(text))} MiB), CPU ms per parse`);
console.log(["parser".padEnd(30), "median".padStart(7), "best".padStart(7)].join(" "));
for (const [name] of PARSERS) {
  console.log([name.padEnd(30), median(cpuOf[name]).toFixed(0).padStart(7), Math.min(...cpuOf[name]).toFixed(0).padStart(7)].join(" "));
}
const [slow, fast] = PARSERS.map(([name]) => median(cpuOf[name]));
console.log(`js-yaml takes ${((fast / slow) * 100).toFixed(0)} % of the yaml package's time (${(slow / fast).toFixed(1)}× faster)`);
