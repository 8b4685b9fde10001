// Reproduce lines that run: credentials appear as $RAMPART_… variables, the report says what each holds
// and how to set it, and the script every renderer prints (exports + curl) reaches the fixture for real.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/index.js";
import type { ScanReport } from "../../src/core/types.js";
import { signHmac } from "../../src/jwt/index.js";
import { renderers } from "../../src/report/renderers/index.js";
import { reproduceScript } from "../../src/report/renderers/_reproduce.js";
import { validateReport } from "../../src/report/validate.js";
import { startServer, json, type RunningServer } from "../helpers/fixture-server.js";
import { jwtApp, jwtSpec } from "../checks/authentication/_jwt-app.js";

const run = promisify(execFile);
const now = Math.floor(Date.now() / 1000);
const SECRET = "a-strong-random-signing-secret-for-tests-only-7f3k";
const token = signHmac({ alg: "HS256", typ: "JWT" }, { sub: "1001", iat: now, exp: now + 600 }, SECRET);
const signature = token.split(".")[2]!;

let server: RunningServer;
let specDir: string;
let report: ScanReport;

/** Runs a rendered script in a clean shell whose only secret is the user's own variable. */
async function runScript(script: string): Promise<string> {
  const { stdout } = await run("bash", ["-c", `set -e\n${script}`], { env: { PATH: process.env["PATH"] ?? "", ALICE_JWT: token }, timeout: 10_000 });
  return stdout;
}

beforeAll(async () => {
  // Accepts alg none and unsigned payloads; also takes any bearer value on /orders (wrong credentials accepted).
  const lax = jwtApp(SECRET, { acceptNone: true, skipSignature: true });
  server = await startServer((req, res) => {
    if (req.url === "/orders" && req.headers.authorization) return json(res, 200, [{ id: 1, owner: "anyone", total: 5 }]);
    return lax(req, res);
  });
  specDir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-repro-"));
  const spec = path.join(specDir, "openapi.json");
  fs.writeFileSync(spec, JSON.stringify(jwtSpec));
  report = await scan({ target: server.url, spec, auth: ["@alice=bearer:env:ALICE_JWT"], env: { ALICE_JWT: token }, checks: ["authentication."] });
}, 60_000);

afterAll(async () => {
  await server.close();
  fs.rmSync(specDir, { recursive: true, force: true });
});

describe("reproduce variables", () => {
  it("names every credential in the curl lines and says what each variable holds", () => {
    const none = report.findings.find((f) => f.checkId === "authentication.jwt-alg-none");
    const tampered = report.findings.find((f) => f.checkId === "authentication.jwt-signature-not-verified");
    const wrong = report.findings.find((f) => f.checkId === "authentication.invalid-credentials-accepted");
    expect(none?.reproduce).toContain('-H "authorization: Bearer $RAMPART_ALICE_TOKEN_ALG_NONE"');
    expect(tampered?.reproduce).toContain("$RAMPART_ALICE_TOKEN_TAMPERED");
    expect(wrong?.reproduce).toContain("$RAMPART_WRONG_TOKEN");
    const vars = new Map((report.reproduceVariables ?? []).map((v) => [v.variable, v]));
    expect(vars.get("RAMPART_ALICE_TOKEN")).toMatchObject({ holds: expect.stringContaining('identity "alice"'), set: 'export RAMPART_ALICE_TOKEN="$ALICE_JWT"' });
    expect(vars.get("RAMPART_ALICE_TOKEN_ALG_NONE")?.holds).toMatch(/alg "none"/);
    expect(validateReport(report)).toEqual([]);
    const text = JSON.stringify(report);
    expect(text).not.toContain(token);
    expect(text).not.toContain(signature);
    expect(text).not.toContain("ey****");
  });

  it("the printed script runs: alg none, tampered and wrong-credential requests get the data again", async () => {
    for (const id of ["authentication.jwt-alg-none", "authentication.jwt-signature-not-verified", "authentication.invalid-credentials-accepted"]) {
      const f = report.findings.find((x) => x.checkId === id)!;
      const out = await runScript(reproduceScript(f, report));
      expect(out, id).toMatch(/^HTTP\/1\.1 200/);
      expect(out, id).toMatch(/"(name|owner)"/);
    }
  });

  it("every renderer prints the variables next to the reproduce line, never a masked token", () => {
    for (const format of ["summary", "markdown", "html", "junit", "sarif"] as const) {
      const out = renderers[format](report, { color: false });
      expect(out, format).toContain("RAMPART_ALICE_TOKEN");
      expect(out, format).toMatch(/identity \\?(&quot;|")alice/);
      expect(out, format).not.toContain("ey****");
      expect(out, format).not.toContain(signature);
    }
    expect(renderers.markdown(report, { color: false })).toContain('export RAMPART_ALICE_TOKEN="$ALICE_JWT"');
  });
});
