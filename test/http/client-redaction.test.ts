// Every credential form is replaced by a placeholder in recorded exchanges and curl lines, and the
// curl line, run by a real shell with the placeholders set, sends the same credentials again.
import { execFile } from "node:child_process";
import type http from "node:http";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Exchange } from "../../src/core/types.js";
import { createHttpClient, type RecordingHttpClient } from "../../src/http/client.js";
import { parseAuth } from "../../src/http/credentials.js";
import { curlFor, shellWord } from "../../src/http/curl.js";
import { startServer, type RunningServer } from "../helpers/fixture-server.js";
import { config } from "./_support.js";

const run = promisify(execFile);

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  apiKey: string | undefined;
  cookie: string | undefined;
  body: string;
}

const SECRETS = {
  token: `tok.en/with+special=$chars'q"uote`,
  aliceKey: "alice-api-key-123",
  bobQuery: "bob-query-key.123~",
  carolPass: "car0l pass!",
  daveSid: "dave-session-xyz",
};

const AUTH = [
  `bearer:${SECRETS.token}`,
  `@alice=header:X-Api-Key=${SECRETS.aliceKey}`,
  `@bob=query:api_key=${SECRETS.bobQuery}`,
  `@carol=basic:carol:${SECRETS.carolPass}`,
  `@dave=cookie:sid=${SECRETS.daveSid}`,
];

/** What the shell needs to reproduce: the placeholders' real values. */
const ENV = {
  RAMPART_TOKEN: SECRETS.token,
  RAMPART_ALICE_X_API_KEY: SECRETS.aliceKey,
  RAMPART_BOB_API_KEY: SECRETS.bobQuery,
  RAMPART_CAROL_BASIC: `carol:${SECRETS.carolPass}`,
  RAMPART_DAVE_SID: SECRETS.daveSid,
  RAMPART_CAROL_PASSWORD: SECRETS.carolPass,
};

function forbidden(): string[] {
  const out = new Set<string>();
  for (const v of Object.values(SECRETS)) {
    out.add(v);
    out.add(encodeURIComponent(v));
    out.add(JSON.stringify(v).slice(1, -1));
  }
  out.add(Buffer.from(`carol:${SECRETS.carolPass}`).toString("base64"));
  return [...out];
}

function expectClean(text: string): void {
  for (const secret of forbidden()) expect(text).not.toContain(secret);
}

/** Path plus decoded query pairs: `~` and `%7E` are the same value. */
function decodedUrl(raw: string): string {
  const u = new URL(raw, "http://127.0.0.1");
  return `${u.pathname}?${[...u.searchParams].map(([k, v]) => `${k}=${v}`).join("&")}`;
}

let s: RunningServer;
let c: RecordingHttpClient;
const seen: Seen[] = [];

beforeAll(async () => {
  s = await startServer(async (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const record: Seen = {
      method: req.method ?? "",
      url: decodedUrl(req.url ?? ""),
      authorization: req.headers.authorization,
      apiKey: req.headers["x-api-key"] as string | undefined,
      cookie: req.headers.cookie,
      body,
    };
    seen.push(record);
    // Echo everything back, in the body and in headers, as a leaky server would.
    const text = JSON.stringify({ ...record, leak: req.url === "/leak" ? SECRETS.aliceKey : null });
    res.writeHead(200, {
      "content-type": "application/json",
      "x-echo-auth": record.authorization ?? "",
      "set-cookie": [`echo=${record.cookie ?? ""}`.replace(/;/g, "%3B")],
    });
    res.end(text);
  });
  c = createHttpClient(config(s.url, { mode: "active", identities: parseAuth(AUTH) }));
});

afterAll(async () => {
  await c.close();
  await s.close();
});

async function replay(ex: Exchange): Promise<Seen> {
  const before = seen.length;
  await run("bash", ["-c", `${c.curl(ex)} -o /dev/null -s`], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...ENV } });
  expect(seen.length).toBe(before + 1);
  return seen[seen.length - 1] as Seen;
}

describe("redaction of recorded exchanges", () => {
  for (const label of ["default", "alice", "bob", "carol", "dave"]) {
    it(`hides ${label}'s credential everywhere and the curl line reproduces it`, async () => {
      // A text body that repeats every secret raw: the replay must send the same bytes.
      const secretBody = `echo ${Object.values(SECRETS).join(" | ")}`;
      const before = seen.length;
      const ex = await c.send({ method: "POST", url: "/echo?x=1", identity: label, body: secretBody });
      const original = seen[before] as Seen;
      expect(ex.response?.status).toBe(200);
      expectClean(JSON.stringify(ex));
      const line = c.curl(ex);
      expectClean(line);
      expect(line).toMatch(/\$RAMPART_/);
      expect(line).not.toContain("\n");
      const replayed = await replay(ex);
      expect(replayed).toEqual(original);
    });
  }

  it("hides secrets in encoded forms too (URL, form, JSON string, base64)", async () => {
    const body = JSON.stringify({ t: SECRETS.token, p: SECRETS.carolPass, q: encodeURIComponent(SECRETS.token) });
    const ex = await c.send({ method: "POST", url: `/enc?t=${encodeURIComponent(SECRETS.token)}`, identity: "carol", body });
    expect(JSON.parse(ex.request.body ?? "{}")).toEqual({ t: "$RAMPART_TOKEN", p: "$RAMPART_CAROL_PASSWORD", q: "$RAMPART_TOKEN" });
    expect(ex.response?.headers["x-echo-auth"]).toBe("Basic $RAMPART_CAROL_BASIC_B64");
    expectClean(JSON.stringify(ex));
    expectClean(c.curl(ex));
  });

  it("uses readable placeholders in the record", async () => {
    const byLabel = async (identity: string) => (await c.send({ url: "/p", identity })).request;
    expect((await byLabel("default")).headers.authorization).toBe("Bearer $RAMPART_TOKEN");
    expect((await byLabel("alice")).headers["x-api-key"]).toBe("$RAMPART_ALICE_X_API_KEY");
    expect((await byLabel("bob")).url).toBe(`${s.url}/p?api_key=$RAMPART_BOB_API_KEY`);
    expect((await byLabel("carol")).headers.authorization).toBe("Basic $RAMPART_CAROL_BASIC");
    expect((await byLabel("dave")).headers.cookie).toBe("sid=$RAMPART_DAVE_SID");
    const basic = c.exchanges().at(-2) as Exchange;
    expect(c.curl(basic)).toBe(`curl -i '${s.url}/p' -u "$RAMPART_CAROL_BASIC"`);
  });

  it("redacts a secret the server leaks while authenticated as someone else", async () => {
    const ex = await c.send({ url: "/leak", identity: "default" });
    expect(ex.response?.body).toContain('"leak":"$RAMPART_ALICE_X_API_KEY"');
    expectClean(JSON.stringify(ex));
  });

  it("keeps forged credentials visible as evidence but hides those marked as secret", async () => {
    const forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
    const cracked = "cracked-hmac-secret-42";
    const a = await c.send({ url: "/forged", credentialsOverride: [{ kind: "bearer", name: "Authorization", value: forged }] });
    expect(a.request.headers.authorization).toBe(`Bearer ${forged}`);
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${forged}`);
    const b = await c.send({
      url: "/cracked",
      credentialsOverride: [{ kind: "header", name: "X-Api-Key", value: cracked, redact: true }],
    });
    expect(seen.at(-1)?.apiKey).toBe(cracked);
    expect(b.request.headers["x-api-key"]).toBe("$RAMPART_OVERRIDE_X_API_KEY");
    expect(JSON.stringify(b)).not.toContain(cracked);
    const later = await c.send({ method: "POST", url: "/again", body: `k=${cracked}` });
    expect(JSON.stringify(later)).not.toContain(cracked);
  });
});

describe("curl quoting", () => {
  it("single-quotes literal text and keeps placeholders expandable", () => {
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord("Authorization: Bearer $RAMPART_TOKEN")).toBe(`"Authorization: Bearer $RAMPART_TOKEN"`);
    expect(shellWord(`{"a":"$RAMPART_TOKEN"}`)).toBe(`'{"a":"'"$RAMPART_TOKEN"'"}'`);
    expect(shellWord("$(rm -rf /)")).toBe(`'$(rm -rf /)'`);
  });

  it("keeps multi-line bodies on one line and the shell gets the exact bytes back", async () => {
    const body = "line1\nline2\t'quoted' \\ $HOME `id`";
    const ex = await c.send({ method: "PUT", url: "/multi", body, headers: { "content-type": "text/plain" } });
    const line = curlFor(ex);
    expect(line).not.toContain("\n");
    const replayed = await replay(ex);
    expect(replayed.body).toBe(body);
    expect(replayed.method).toBe("PUT");
  });
});
