// Webhook benchmark: events delivered per second to a local receiver (signed JSON, several monitors), and the
// outbox with 10,000 pending deliveries (receiver down): fan-out time, the due-delivery query, time to drain
// once the receiver is back, peak RSS. Run `npm run build` first. Traffic goes to 127.0.0.1 only.
// Usage: node bench/webhooks.mjs [--events N] [--pending N] [--monitors N]
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { newEventId } from "../dist/monitor/events.js";
import { appendEvents } from "../dist/store/events.js";
import { openStore } from "../dist/store/index.js";
import * as table from "../dist/store/webhooks.js";
import { WebhookService } from "../dist/webhooks/endpoints.js";
import { WebhookSender } from "../dist/webhooks/sender.js";

const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = flag("--events", 3000);
const PENDING = flag("--pending", 10_000);
const MONITORS = flag("--monitors", 20);
const key = { bytes: randomBytes(32), id: "bench", source: "bench" };

function receiver() {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/hook`, count: () => count })),
  );
}

function events(n, monitors) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const m = `m${i % monitors}`;
    out.push({
      id: newEventId(),
      type: "finding.new",
      createdAt: new Date().toISOString(),
      monitor: { id: m, name: m },
      target: `http://127.0.0.1:9/${m}`,
      scanId: `s${i}`,
      link: null,
      severity: "high",
      data: { finding: { title: `Finding ${i}`, severity: "high" } },
    });
  }
  return out;
}

const until = async (cond) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};
const ms = (t) => `${t.toFixed(0)} ms`;

async function run(label, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-webhooks-"));
  const store = openStore({ path: path.join(dir, "rampart.db") });
  try {
    await fn(store);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Webhooks benchmark (Node ${process.version}, ${os.cpus().length} CPUs)`);

await run("throughput", async (store) => {
  const rx = await receiver();
  const service = new WebhookService(store, { key });
  await service.create({ url: rx.url, events: ["*"] });
  const sender = new WebhookSender({ store, service, pollMs: 20, concurrency: 16 });
  appendEvents(store.db, events(EVENTS, MONITORS));
  const t0 = performance.now();
  sender.start();
  await until(() => rx.count() >= EVENTS);
  const took = performance.now() - t0;
  await sender.stop();
  rx.server.close();
  console.log(`throughput: ${EVENTS} events over ${MONITORS} monitors delivered in ${ms(took)} = ${Math.round((EVENTS / took) * 1000)} events/s`);
});

await run("outbox", async (store) => {
  const rx = await receiver();
  const service = new WebhookService(store, { key });
  await service.create({ url: rx.url, events: ["*"] });
  let t0 = performance.now();
  appendEvents(store.db, events(PENDING, 100));
  console.log(`outbox: appended ${PENDING} events in ${ms(performance.now() - t0)}`);
  t0 = performance.now();
  while (table.fanOut(store.db, () => true, new Date()).events > 0);
  console.log(`outbox: fan-out to ${PENDING} pending deliveries in ${ms(performance.now() - t0)}`);
  const q = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    table.dueDeliveries(store.db, Date.now(), 16, new Set());
    q.push(performance.now() - t);
  }
  q.sort((a, b) => a - b);
  console.log(`outbox: due-delivery query with ${PENDING} pending (100 monitors): p50 ${q[10].toFixed(2)} ms, max ${q[19].toFixed(2)} ms`);
  const sender = new WebhookSender({ store, service, pollMs: 20, concurrency: 16 });
  t0 = performance.now();
  sender.start();
  await until(() => rx.count() >= PENDING);
  const took = performance.now() - t0;
  await sender.stop();
  rx.server.close();
  const left = table.listDeliveries(store.db, { status: "pending", limit: 1 }).length;
  console.log(`outbox: drained ${PENDING} pending deliveries in ${ms(took)} = ${Math.round((PENDING / took) * 1000)} events/s; pending left ${left}`);
});
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
