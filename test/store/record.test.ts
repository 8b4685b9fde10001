import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TargetError } from "../../src/core/errors.js";
import { openStore, recordScan } from "../../src/store/index.js";
import { makeReport } from "./fixtures/report.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
let dir: string;
let db: string;
const warnings: string[] = [];
const base = () => ({ env: {}, path: db, warn: (m: string) => void warnings.push(m) });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-record-"));
  db = path.join(dir, "rampart.db");
  warnings.length = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("recordScan", () => {
  it("stores a finished scan under the report's id", async () => {
    const report = await recordScan(async () => makeReport({ scanId: "rec-1", findings: [{ id: "x", severity: "high" }] }), {
      ...base(),
      options: { target: "http://127.0.0.1:8000" },
    });
    const store = openStore({ path: db });
    expect(store.list().map((s) => [s.id, s.status])).toEqual([["rec-1", "completed"]]);
    expect(store.get("rec-1")?.report?.findings[0]?.id).toBe(report.findings[0]?.id);
    store.close();
    expect(warnings).toEqual([]);
  });

  it("records a failed scan with its message and rethrows the error", async () => {
    await expect(
      recordScan(() => Promise.reject(new TargetError("cannot connect to 127.0.0.1:9")), {
        ...base(),
        options: { target: "http://127.0.0.1:9" },
      }),
    ).rejects.toThrow(TargetError);
    const store = openStore({ path: db });
    const [row] = store.list();
    expect(row?.status).toBe("failed");
    expect(row?.error).toBe("cannot connect to 127.0.0.1:9");
    store.close();
  });

  it("still runs the scan, with a warning, when the store cannot be opened", async () => {
    const blocker = path.join(dir, "file");
    fs.writeFileSync(blocker, "not a directory");
    const report = await recordScan(async () => makeReport({ scanId: "unstored" }), {
      ...base(),
      path: path.join(blocker, "rampart.db"),
      options: { target: "http://127.0.0.1:8000" },
    });
    expect(report.scanId).toBe("unstored");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^rampart: this scan is not stored: cannot create the data directory/);
  });

  it("marks the scan failed when the process gets SIGTERM mid-scan, without storing the token", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(fixtures, "record-child.ts"), db], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(err).toBe("");
    const store = openStore({ path: db });
    const [row] = store.list();
    expect(row?.status).toBe("failed");
    expect(row?.error).toBe("interrupted by SIGTERM");
    expect(store.get(row?.id ?? "")?.options.auth).toEqual(["bearer:[redacted]"]);
    store.close();
    for (const file of fs.readdirSync(dir)) {
      expect(fs.readFileSync(path.join(dir, file)).includes(Buffer.from("child-secret-token")), file).toBe(false);
    }
  });
});
