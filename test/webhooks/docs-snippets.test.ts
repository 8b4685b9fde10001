// The verification snippets in docs/monitoring.md are run as written: they accept a delivery the sender
// signs (one or two v1 values) and refuse a changed body, a wrong secret and an old timestamp.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader } from "../../src/webhooks/signature.js";

const doc = fs.readFileSync(new URL("../../docs/monitoring.md", import.meta.url), "utf8");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-snippets-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function snippet(name: string, lang: string): string {
  const m = new RegExp(`<!-- snippet: ${name} -->\\s*\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m?.[1]) throw new Error(`docs/monitoring.md has no ${name} snippet`);
  return m[1];
}

const secret = newWebhookSecret();
const other = newWebhookSecret();
const body = JSON.stringify({ id: "evt_1", type: "finding.new", data: { title: "Ünïcode ✓" } });
const now = Math.floor(Date.now() / 1000);
const cases: { name: string; secret: string; header: string; body: string; valid: boolean }[] = [
  { name: "valid", secret, header: signatureHeader([secret], now, body), body, valid: true },
  { name: "rotation, old secret", secret, header: signatureHeader([other, secret], now, body), body, valid: true },
  { name: "changed body", secret, header: signatureHeader([secret], now, body), body: body.replace("1", "2"), valid: false },
  { name: "wrong secret", secret: other, header: signatureHeader([secret], now, body), body, valid: false },
  { name: "six minutes old", secret, header: signatureHeader([secret], now - 360, body), body, valid: false },
  { name: "garbage header", secret, header: "t=abc,v1=xyz", body, valid: false },
];

function writeCases(): string {
  const file = path.join(dir, "cases.json");
  fs.writeFileSync(file, JSON.stringify(cases));
  return file;
}

describe("docs/monitoring.md verification snippets", () => {
  it("the Node snippet accepts and refuses exactly as the server's rules say", () => {
    const file = path.join(dir, "verify.mjs");
    fs.writeFileSync(
      file,
      `${snippet("verify-node", "js")}
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify(cases.map((c) => verifyRampartSignature(c.secret, c.header, Buffer.from(c.body, "utf8")))));
`,
    );
    const out = execFileSync(process.execPath, [file, writeCases()], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(cases.map((c) => c.valid));
  });

  const python = spawnSync("python3", ["--version"]).status === 0;
  it.skipIf(!python)("the Python snippet accepts and refuses exactly as the server's rules say", () => {
    const file = path.join(dir, "verify.py");
    fs.writeFileSync(
      file,
      `${snippet("verify-python", "python")}

import json
import sys

cases = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([verify_rampart_signature(c["secret"], c["header"], c["body"].encode("utf-8")) for c in cases]))
`,
    );
    const out = execFileSync("python3", [file, writeCases()], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(cases.map((c) => c.valid));
  });
});
