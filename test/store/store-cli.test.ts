// `rampart store migrate|copy` as built, against a real PostgreSQL started for this file: a SQLite history
// copied over (twice: nothing doubled), sealed identities and token hashes unchanged, counts printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { openSqliteBackend } from "../../src/store/sqlite-backend.js";
import { runCli } from "../helpers/cli.js";
import { freshDatabase, startTestPostgres, stopTestPostgres } from "../helpers/store-backends.js";
import { makeReport } from "./fixtures/report.js";

let dir: string;
beforeAll(async () => {
  await startTestPostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-store-cli-"));
}, 120_000);
afterAll(async () => {
  await stopTestPostgres();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("rampart store", () => {
  it("migrates a PostgreSQL store and copies a SQLite history into it idempotently", async () => {
    const url = await freshDatabase();
    const file = path.join(dir, "rampart.db");
    const local = openSqliteBackend({ path: file });
    for (let i = 0; i < 3; i++) await local.scans.complete(makeReport({ scanId: `scan-${i}`, startedAt: `2026-01-0${i + 1}T00:00:00.000Z`, findings: [{ id: `f-${i}` }] }));
    await local.scans.fail(await local.scans.begin({ scanId: "scan-failed", target: "http://127.0.0.1:8000" }), "target down");
    await local.tokens.insert({ id: "tok_1", name: "ci", role: "operator", hash: "a".repeat(64) });
    await local.triage.set({ target: "http://127.0.0.1:8000", findingId: "f-1", status: "false-positive" });
    const sealed = { targetKey: "http://127.0.0.1:8000", label: "ci", summary: "[]", sealed: "v1.k.iv.tag.ct", keyId: "k", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    await local.identities.put(sealed);
    await local.close();

    const migrated = await runCli(["store", "migrate", "--store", url]);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/\(PostgreSQL\): schema version 1, up to date/);

    const first = await runCli(["store", "copy", "--from", file, "--to", url]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("scans: 4 read, 4 copied, 0 already there");
    expect(first.stdout).toContain("api_tokens: 1 read, 1 copied");
    expect(first.stdout).toContain("target_identities: 1 read, 1 copied");
    const again = await runCli(["store", "copy", "--from", file, "--to", url]);
    expect(again.stdout).toContain("scans: 4 read, 0 copied, 4 already there");

    const pg = await openPgBackend(url, { max: 1 });
    const sqlite = openSqliteBackend({ path: file });
    try {
      expect(await pg.scans.count()).toBe(4);
      expect(await pg.scans.get("scan-2")).toEqual(await sqlite.scans.get("scan-2"));
      expect((await pg.scans.get("scan-failed"))?.error).toBe("target down");
      expect(await pg.identities.get(sealed.targetKey, "ci")).toEqual(sealed);
      expect(await pg.tokens.byHash("a".repeat(64))).toMatchObject({ id: "tok_1", role: "operator" });
      expect((await pg.triage.forTarget("http://127.0.0.1:8000")).map((t) => t.findingId)).toEqual(["f-1"]);
    } finally {
      await pg.close();
      await sqlite.close();
    }

    const same = await runCli(["store", "copy", "--from", file, "--to", file]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("name the same store");
  }, 90_000);
});
