// Rampart-Signature: format, verification rules (age, constant-time match, rotation's two values), and the
// `rampart webhook verify|sign` commands with their exit codes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/surfaces/cli/main.js";
import { hmacHex, newWebhookSecret, parseSignatureHeader, signatureHeader, verifySignature } from "../../src/webhooks/signature.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-sig-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    exitCode: 0,
    out: (t: string) => void out.push(t),
    err: (t: string) => void err.push(t),
    isTTY: false,
    color: false,
    env,
    cwd: dir,
    setExitCode(code: number) {
      io.exitCode = code;
    },
  };
  const code = await main(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("webhook signatures", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: "evt_1", type: "finding.new", data: { n: 1 } });
  const now = Math.floor(Date.now() / 1000);

  it("signs '<t>.<raw body>' with HMAC-SHA256 and verifies it", () => {
    const header = signatureHeader([secret], now, body);
    expect(header).toBe(`t=${now},v1=${hmacHex(secret, now, body)}`);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(verifySignature(secret, header, body)).toMatchObject({ ok: true, timestamp: now });
  });

  it("refuses a changed body, a wrong secret, an old or future timestamp, and a malformed header", () => {
    const header = signatureHeader([secret], now, body);
    expect(verifySignature(secret, header, body + " ")).toMatchObject({ ok: false, reason: "mismatch" });
    expect(verifySignature(newWebhookSecret(), header, body)).toMatchObject({ ok: false, reason: "mismatch" });
    const old = signatureHeader([secret], now - 301, body);
    expect(verifySignature(secret, old, body)).toMatchObject({ ok: false, reason: "expired" });
    expect(verifySignature(secret, signatureHeader([secret], now - 299, body), body).ok).toBe(true);
    expect(verifySignature(secret, signatureHeader([secret], now + 3600, body), body)).toMatchObject({ ok: false, reason: "future" });
    expect(verifySignature(secret, "v1=abc", body)).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifySignature(secret, `t=${now}`, body)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("carries one v1 per secret during a rotation; either secret verifies", () => {
    const next = newWebhookSecret();
    const header = signatureHeader([next, secret], now, body);
    expect(parseSignatureHeader(header)?.signatures).toHaveLength(2);
    expect(verifySignature(next, header, body).ok).toBe(true);
    expect(verifySignature(secret, header, body).ok).toBe(true);
    expect(verifySignature(newWebhookSecret(), header, body).ok).toBe(false);
  });

  it("rampart webhook verify: exit 0 with one line when valid, 1 when refused, 2 on usage errors", async () => {
    const file = path.join(dir, "body.json");
    fs.writeFileSync(file, body);
    const header = signatureHeader([secret], now, body);
    const ok = await cli(["webhook", "verify", "--secret", secret, "--header", header, "--body-file", file]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^valid: signature matches, signed \d+s ago$/);

    // The whole header line as copied from a log, and the secret from the environment.
    const env = await cli(["webhook", "verify", "--secret", "env:HOOK_SECRET", "--header", `Rampart-Signature: ${header}`, "--body-file", file], {
      HOOK_SECRET: secret,
    });
    expect(env.code).toBe(0);

    const wrong = await cli(["webhook", "verify", "--secret", newWebhookSecret(), "--header", header, "--body-file", file]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/^invalid \(mismatch\): /);
    expect(wrong.out.split("\n")).toHaveLength(1);

    const expired = await cli(["webhook", "verify", "--secret", secret, "--header", signatureHeader([secret], now - 600, body), "--body-file", file]);
    expect(expired.code).toBe(1);
    expect(expired.out).toMatch(/^invalid \(expired\): the signature is \d+s old/);

    const missing = await cli(["webhook", "verify", "--secret", secret, "--header", header, "--body-file", path.join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`rampart: --body-file ${path.join(dir, "nope.json")}: ENOENT`);
    const noEnv = await cli(["webhook", "verify", "--secret", "env:NOPE", "--header", header, "--body-file", file]);
    expect(noEnv.code).toBe(2);
    expect(noEnv.err).toMatch(/NOPE is not set/);
  });

  it("rampart webhook sign prints a header that verify accepts", async () => {
    const file = path.join(dir, "signed.json");
    fs.writeFileSync(file, body);
    const signed = await cli(["webhook", "sign", "--secret", secret, "--body-file", file, "--timestamp", String(now)]);
    expect(signed.code).toBe(0);
    expect(signed.out).toBe(signatureHeader([secret], now, body));
    const checked = await cli(["webhook", "verify", "--secret", secret, "--header", signed.out, "--body-file", file]);
    expect(checked.code).toBe(0);
  });
});
