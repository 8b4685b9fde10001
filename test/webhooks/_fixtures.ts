// Test fixtures for webhooks: a receiver on 127.0.0.1 that verifies every delivery's signature (and can go
// down and come back on the same port), events to append, and a store with a secret key.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { newEventId, type EventType, type RampartEvent } from "../../src/monitor/events.js";
import { parseSecretKey, type SecretKey } from "../../src/server/secrets.js";
import { openStore, type ScanStore } from "../../src/store/index.js";
import { verifySignature } from "../../src/webhooks/signature.js";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  event: RampartEvent | null;
  /** Which of the receiver's secrets verified it (null: none did). */
  verifiedWith: string | null;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests that arrived while holding (read and verified, never answered): a sender may have died on them. */
  heldSeen: Received[];
  secrets: string[];
  /** Answer the next requests with this status (and headers) instead of 204. */
  respond: (status: number, headers?: Record<string, string>) => void;
  /** Hold the next requests open without answering (a delivery in flight), until `release`. */
  hold(): void;
  /** How many requests are being held. */
  held(): number;
  /** Stops holding: held requests are dropped unanswered, later ones answered again. */
  release(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = "/hooks/rampart"): Promise<Receiver> {
  const received: Received[] = [];
  const heldSeen: Received[] = [];
  let answer: { status: number; headers: Record<string, string> } = { status: 204, headers: {} };
  let holding = false;
  const heldRequests: http.ServerResponse[] = [];
  const r: Partial<Receiver> & { secrets: string[] } = { secrets: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = String(req.headers["rampart-signature"] ?? "");
      const verifiedWith = r.secrets.find((s) => verifySignature(s, header, body).ok) ?? null;
      let event: RampartEvent | null = null;
      try {
        event = JSON.parse(body) as RampartEvent;
      } catch {
        event = null;
      }
      if (holding) {
        heldSeen.push({ headers: req.headers, body, event, verifiedWith });
        heldRequests.push(res);
        return;
      }
      if (answer.status >= 200 && answer.status < 300) received.push({ headers: req.headers, body, event, verifiedWith });
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    heldSeen,
    respond: (status: number, headers: Record<string, string> = {}) => void (answer = { status, headers }),
    hold: () => void (holding = true),
    held: () => heldRequests.length,
    release: () => {
      holding = false;
      for (const res of heldRequests.splice(0)) res.destroy();
    },
    down: close,
    up: () => listen(port),
    close: async () => {
      if (server.listening) await close();
    },
  }) as Receiver;
}

export function testKey(): SecretKey {
  const bytes = parseSecretKey(randomBytes(32).toString("hex"), "test key");
  return { bytes, id: "testkey", source: "test" };
}

export function tempStore(): { store: ScanStore; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-webhooks-"));
  const store = openStore({ path: path.join(dir, "rampart.db") });
  return {
    store,
    dir,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** An event of a monitor, numbered so tests can check order. */
export function makeEvent(monitor: string, n: number, type: EventType = "finding.new", severity: RampartEvent["severity"] = "high"): RampartEvent {
  counter += 1;
  return {
    id: newEventId(new Date(Date.now() + counter)),
    type,
    createdAt: new Date().toISOString(),
    monitor: { id: monitor, name: `monitor ${monitor}` },
    target: `http://127.0.0.1:9/${monitor}`,
    scanId: `scan-${monitor}-${n}`,
    link: `http://127.0.0.1:7878/#/scans/scan-${monitor}-${n}`,
    severity,
    data: { n, finding: { title: `Finding ${n}`, severity, checkId: "test.check" } },
  };
}

export async function waitFor(cond: () => boolean, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
