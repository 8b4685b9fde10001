// Credentials at rest: the key (env or 0600 file away from the data), AES-256-GCM sealing, and the
// identity vault in a real SQLite store: write-only, no plaintext on disk, clear errors for wrong keys.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { parseAuth } from "../../src/http/credentials.js";
import { openStore, type ScanStore } from "../../src/store/index.js";
import { IdentityVault } from "../../src/server/identities.js";
import { defaultKeyFilePath, loadSecretKey, parseSecretKey, seal, SecretKeyError, unseal, type SecretKey } from "../../src/server/secrets.js";
import { json, startServer } from "../helpers/fixture-server.js";

const posix = process.platform !== "win32";
let dir: string;
let store: ScanStore | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-secrets-"));
  fs.mkdirSync(path.join(dir, "data"));
});
afterEach(() => {
  store?.close();
  store = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const dbPath = () => path.join(dir, "data", "rampart.db");
const keyFrom = (hex: string): SecretKey => loadSecretKey({ env: { RAMPART_SECRET_KEY: hex }, dbPath: dbPath() });

describe("the secret key", () => {
  it("accepts 32 bytes as hex, base64 or base64url, and names the variable (never the value) otherwise", () => {
    const bytes = randomBytes(32);
    for (const text of [bytes.toString("hex"), bytes.toString("base64"), bytes.toString("base64url"), ` ${bytes.toString("hex").toUpperCase()}\n`]) {
      expect(parseSecretKey(text, "RAMPART_SECRET_KEY").equals(bytes)).toBe(true);
    }
    const short = randomBytes(16).toString("hex");
    expect(() => parseSecretKey(short, "RAMPART_SECRET_KEY")).toThrow(/^RAMPART_SECRET_KEY must be 32 bytes written as 64 hex characters or base64/);
    try {
      loadSecretKey({ env: { RAMPART_SECRET_KEY: short }, dbPath: dbPath() });
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
    }
  });

  it("prefers RAMPART_SECRET_KEY and writes no file then", () => {
    const hex = randomBytes(32).toString("hex");
    const keyFile = path.join(dir, "conf", "secret.key");
    const key = loadSecretKey({ env: { RAMPART_SECRET_KEY: hex }, dbPath: dbPath(), keyFile });
    expect(key.source).toBe("RAMPART_SECRET_KEY");
    expect(key.bytes.toString("hex")).toBe(hex);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it("creates the key file once with mode 0600 in a 0700 directory, and reads the same key back", () => {
    const keyFile = path.join(dir, "conf", "rampart", "secret.key");
    const first = loadSecretKey({ env: {}, dbPath: dbPath(), keyFile });
    const again = loadSecretKey({ env: {}, dbPath: dbPath(), keyFile });
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again.id).toBe(first.id);
    expect(fs.readFileSync(keyFile, "utf8")).toMatch(/^[0-9a-f]{64}\n$/);
    if (posix) {
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    }
  });

  it.skipIf(!posix)("refuses a key file other users can read", () => {
    const keyFile = path.join(dir, "conf", "secret.key");
    loadSecretKey({ env: {}, dbPath: dbPath(), keyFile });
    fs.chmodSync(keyFile, 0o644);
    expect(() => loadSecretKey({ env: {}, dbPath: dbPath(), keyFile })).toThrow(/accessible to other users \(mode 0644\); run: chmod 600/);
  });

  it("refuses a key file beside the database it protects", () => {
    expect(() => loadSecretKey({ env: {}, dbPath: dbPath(), keyFile: path.join(dir, "data", "secret.key") })).toThrow(
      /would sit beside the database it protects/,
    );
    expect(() => loadSecretKey({ env: {}, dbPath: dbPath(), keyFile: path.join(dir, "data", "keys", "k") })).toThrow(/beside the database/);
    expect(fs.existsSync(path.join(dir, "data", "secret.key"))).toBe(false);
  });

  it("lives in the config directory by default, not the data directory", () => {
    expect(defaultKeyFilePath({ env: {}, platform: "linux", home: "/home/u" })).toBe("/home/u/.config/rampart/secret.key");
    expect(defaultKeyFilePath({ env: { XDG_CONFIG_HOME: "/cfg" }, platform: "linux", home: "/home/u" })).toBe("/cfg/rampart/secret.key");
    expect(defaultKeyFilePath({ env: { RAMPART_SECRET_KEY_FILE: "/etc/rampart/key" }, platform: "linux" })).toBe("/etc/rampart/key");
  });
});

describe("seal / unseal (AES-256-GCM)", () => {
  const key = () => keyFrom(randomBytes(32).toString("hex"));

  it("round-trips, with a fresh nonce every time", () => {
    const k = key();
    const a = seal(k, "s3cr3t-tøken", "ctx");
    const b = seal(k, "s3cr3t-tøken", "ctx");
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(unseal(k, a, "ctx")).toBe("s3cr3t-tøken");
  });

  it("detects tampering with the ciphertext, the tag or the bound context", () => {
    const k = key();
    const sealed = seal(k, "payload-123", "target-a");
    const parts = sealed.split(".");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const ct = [...parts.slice(0, 4), flip(parts[4] as string)].join(".");
    const tag = [...parts.slice(0, 3), flip(parts[3] as string), parts[4]].join(".");
    for (const bad of [ct, tag]) expect(() => unseal(k, bad, "target-a")).toThrow(/failed authentication: the stored record was altered/);
    expect(() => unseal(k, sealed, "target-b")).toThrow(SecretKeyError);
    expect(() => unseal(k, "garbage", "target-a")).toThrow(/not in a format/);
  });

  it("says clearly when the key is not the one the value was sealed with", () => {
    const sealed = seal(key(), "x", "c");
    const other = key();
    expect(() => unseal(other, sealed, "c", "identity \"ci\"")).toThrow(
      new RegExp(`^identity "ci" was encrypted under another key \\(id [0-9a-f]{16}\\) than the one in use \\(id ${other.id}, from RAMPART_SECRET_KEY\\)`),
    );
  });
});

describe("IdentityVault", () => {
  const TOKEN = "tok-7f3a9c1e5b2d4f60";
  const PASSWORD = "pw-9d8c7b6a5f4e";
  const HEADER = "hk-0a1b2c3d4e5f";
  const COOKIE = "ck-ffeeddccbbaa";

  function vault(hex = randomBytes(32).toString("hex")): IdentityVault {
    store ??= openStore({ path: dbPath() });
    return new IdentityVault(store.db, keyFrom(hex), () => new Date("2026-01-02T03:04:05Z"));
  }

  it("stores bearer, header, basic and cookie identities write-only and gives them back as --auth values", async () => {
    const v = vault();
    const admin = await v.put("http://127.0.0.1:8000/", {
      label: "Admin",
      credentials: [
        { kind: "bearer", token: TOKEN },
        { kind: "header", name: "X-API-Key", value: HEADER },
        { kind: "cookie", name: "session", value: COOKIE },
      ],
    });
    await v.put("http://127.0.0.1:8000", { label: "alice", credentials: [{ kind: "basic", username: "alice", password: PASSWORD }] });
    expect(admin).toEqual({
      target: "http://127.0.0.1:8000",
      label: "admin",
      credentials: [
        { kind: "bearer", name: null },
        { kind: "header", name: "X-API-Key" },
        { kind: "cookie", name: "session" },
      ],
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      createdAt: "2026-01-02T03:04:05.000Z",
      updatedAt: "2026-01-02T03:04:05.000Z",
    });
    const listed = JSON.stringify(await v.list("http://127.0.0.1:8000"));
    for (const secret of [TOKEN, PASSWORD, HEADER, COOKIE, "alice:"]) expect(listed).not.toContain(secret);
    expect((await v.list("http://127.0.0.1:8000")).map((i) => i.label)).toEqual(["admin", "alice"]);

    const auth = await v.authFor("http://127.0.0.1:8000", ["admin", "ALICE"]);
    const identities = parseAuth(auth, {});
    expect(identities.map((i) => i.label)).toEqual(["admin", "alice"]);
    expect(identities[0]?.credentials.map((c) => c.value)).toEqual([TOKEN, HEADER, COOKIE]);
    expect(identities[1]?.credentials[0]?.value).toBe(`alice:${PASSWORD}`);
    await expect(v.authFor("http://127.0.0.1:8000", ["bob"])).rejects.toThrow('identity "bob" is not stored for http://127.0.0.1:8000');
    await expect(v.authFor("http://127.0.0.1:9999", ["admin"])).rejects.toThrow(/not stored/);
  });

  it("leaves no plaintext secret in the database file", async () => {
    const v = vault();
    await v.put("http://127.0.0.1:8000", { label: "admin", credentials: [{ kind: "bearer", token: TOKEN }] });
    await v.put("http://127.0.0.1:8000", { label: "alice", credentials: [{ kind: "basic", username: "alice", password: PASSWORD }] });
    store?.db.pragma("wal_checkpoint(TRUNCATE)");
    store?.close();
    store = null;
    const files = fs.readdirSync(path.join(dir, "data")).map((f) => fs.readFileSync(path.join(dir, "data", f)));
    const bytes = Buffer.concat(files);
    expect(bytes.includes(Buffer.from("target_identities"))).toBe(true); // we did read the database
    for (const secret of [TOKEN, PASSWORD, Buffer.from(`alice:${PASSWORD}`).toString("base64")]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it("reports a wrong key and a tampered or moved record clearly, without secrets", async () => {
    const hex = randomBytes(32).toString("hex");
    await vault(hex).put("http://127.0.0.1:8000", { label: "admin", credentials: [{ kind: "bearer", token: TOKEN }] });
    const wrong = vault();
    await expect(wrong.authFor("http://127.0.0.1:8000", ["admin"])).rejects.toThrow(/identity "admin" of http:\/\/127.0.0.1:8000 was encrypted under another key/);

    const db = store?.db;
    // A sealed record copied to another target must not open there (it would send one API's token to another).
    db?.prepare("INSERT INTO target_identities SELECT 'http://127.0.0.1:9000', label, summary, sealed, key_id, created_at, updated_at FROM target_identities").run();
    const right = vault(hex);
    await expect(right.authFor("http://127.0.0.1:9000", ["admin"])).rejects.toThrow(/failed authentication/);
    const row = db?.prepare("SELECT sealed FROM target_identities WHERE target_key = 'http://127.0.0.1:8000'").get() as { sealed: string };
    const altered = row.sealed.slice(0, -2) + (row.sealed.endsWith("AA") ? "BB" : "AA");
    db?.prepare("UPDATE target_identities SET sealed = ? WHERE target_key = 'http://127.0.0.1:8000'").run(altered);
    let message = "";
    try {
      await right.authFor("http://127.0.0.1:8000", ["admin"]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/failed authentication/);
    expect(message).not.toContain(TOKEN);
  });

  it("validates input field by field and never echoes a value", async () => {
    const v = vault();
    const put = (input: unknown) => v.put("http://127.0.0.1:8000", input as Parameters<IdentityVault["put"]>[1]);
    await expect(put({ label: "bad label", credentials: [{ kind: "bearer", token: TOKEN }] })).rejects.toThrow(/^label:/);
    await expect(put({ label: "a", credentials: [] })).rejects.toThrow(/^credentials: at least one/);
    await expect(put({ label: "a", credentials: [{ kind: "query", name: "k", value: "v" }] })).rejects.toThrow(/^credentials\[0\]\.kind: must be one of bearer, header, basic, cookie/);
    await expect(put({ label: "a", credentials: [{ kind: "header", name: "Bad Name", value: HEADER }] })).rejects.toThrow(/^credentials\[0\]\.name:/);
    await expect(put({ label: "a", credentials: [{ kind: "basic", username: "a:b", password: PASSWORD }] })).rejects.toThrow(/^credentials\[0\]\.username/);
    await expect(put({ label: "a", credentials: [{ kind: "bearer", token: "env:HOME" }] })).rejects.toThrow(/^credentials\[0\]\.token: may not begin with env:/);
    await expect(put({ label: "a", credentials: [{ kind: "cookie", name: "s", value: "a;b" }] })).rejects.toThrow(/^credentials\[0\]\.value/);
    await expect(put({ label: "a", credentials: [{ kind: "bearer", token: "x\ny" }] })).rejects.toThrow(/line break/);
    await expect(put({ label: "a", credentials: [{ kind: "bearer", token: TOKEN }, { kind: "basic", username: "u", password: PASSWORD }] })).rejects.toThrow(
      /^credentials\[1\]: identity "a" already has a credential for header authorization/,
    );
    try {
      await put({ label: "a", credentials: [{ kind: "header", name: "Bad Name", value: HEADER }] });
    } catch (e) {
      expect((e as Error).message).not.toContain(HEADER);
    }
    expect(await v.list("http://127.0.0.1:8000")).toEqual([]);
  });

  it("replaces and removes identities", async () => {
    const v = vault();
    await v.put("http://127.0.0.1:8000", { label: "ci", credentials: [{ kind: "bearer", token: TOKEN }] });
    await v.put("http://127.0.0.1:8000", { label: "ci", credentials: [{ kind: "header", name: "X-Key", value: HEADER }] });
    expect(await v.authFor("http://127.0.0.1:8000", ["ci"])).toEqual([`@ci=header:X-Key=${HEADER}`]);
    expect(await v.remove("http://127.0.0.1:8000", "CI")).toBe(true);
    expect(await v.remove("http://127.0.0.1:8000", "ci")).toBe(false);
  });

  it("a scan with a stored identity sends it to the target, and the stored report keeps it redacted", async () => {
    const seen: string[] = [];
    const api = await startServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      json(res, 200, { ok: true });
    });
    try {
      const v = vault();
      await v.put(api.url, { label: "ci", credentials: [{ kind: "bearer", token: TOKEN }] });
      const report = await scan({ target: api.url, auth: await v.authFor(api.url, ["ci"]), env: {}, checks: ["encryption.hsts-missing"], timeoutMs: 3000 });
      expect(seen).toContain(`Bearer ${TOKEN}`);
      expect(JSON.stringify(report)).not.toContain(TOKEN);
    } finally {
      await api.close();
    }
  });
});
