// An API with one injectable route per technique (vulnerable) and its fixed twin, for the active
// injection checks: real SQL (SQLite through better-sqlite3; sleep()/pg_sleep() record the delay asked
// for and the answer waits it out asynchronously, as MySQL's SLEEP would), a real shell for commands,
// real files for traversal, a template evaluator, an XML importer that resolves external entities, a
// Mongo-style matcher for operator injection and a raw header writer. 127.0.0.1 only.
import Database from "better-sqlite3";
import { exec, execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type http from "node:http";
import { json } from "../helpers/fixture-server.js";

type Filter = unknown;

/** `a[$ne]=x` → {a: {$ne: "x"}}: the extended query-string parsing that makes operator injection possible. */
function parseQuery(url: URL, extended: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    const m = extended ? /^(\w+)\[(\$\w+)\]$/.exec(k) : null;
    if (m?.[1] && m[2]) out[m[1]] = { ...((out[m[1]] as object) ?? {}), [m[2]]: v };
    else out[k] = v;
  }
  return out;
}

/** Mongo-style matching of one field: a plain value, or {$eq}/{$ne}/{$gt}. */
function matches(value: string, filter: Filter): boolean {
  if (filter && typeof filter === "object") {
    return Object.entries(filter).every(([op, operand]) =>
      op === "$eq" ? value === operand : op === "$ne" ? value !== operand : op === "$gt" ? value > String(operand) : false,
    );
  }
  return value === filter;
}

const USERS = [
  { username: "alice", password: "secret", role: "user" },
  { username: "root", password: "t0ps3cret", role: "admin" },
];

/** `{{expr}}` is a context variable, else evaluated as JavaScript: what compiling input into a template amounts to. */
function renderTemplate(source: string, vars: Record<string, string> = {}): string {
  return source.replace(/\{\{(.+?)\}\}/g, (_m, expr: string) => {
    if (Object.hasOwn(vars, expr.trim())) return vars[expr.trim()]!;
    try {
      return String(new Function(`return (${expr})`)());
    } catch {
      return "";
    }
  });
}

/** A naive importer: resolves `<!ENTITY name SYSTEM "file:///…">` by reading the file (what libxml2 does with NOENT). */
function importXml(xml: string, resolveExternal: boolean): Record<string, string> | null {
  const entities = new Map<string, string>();
  const dtd = /<!DOCTYPE[^[]*\[([\s\S]*?)\]>/.exec(xml);
  if (dtd && resolveExternal) {
    for (const m of dtd[1]!.matchAll(/<!ENTITY\s+(\w+)\s+SYSTEM\s+"file:\/\/([^"]+)">/g)) {
      try {
        entities.set(m[1]!, fs.readFileSync(m[2]!, "utf8"));
      } catch {
        entities.set(m[1]!, "");
      }
    }
  }
  const body = xml.replace(/<!DOCTYPE[\s\S]*?\]>/, "");
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
    const text = m[2]!.replace(/&(\w+);/g, (whole, name: string) => entities.get(name) ?? whole);
    if (/&\w+;/.test(text)) return null; // an entity nobody defined: refused
    out[m[1]!] = text;
  }
  return out;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  return body;
}

const run = (cmd: string): Promise<string> => new Promise((resolve) => exec(cmd, { timeout: 15_000 }, (_e, stdout) => resolve(String(stdout))));
const runFile = (file: string, args: string[]): Promise<string> => new Promise((resolve) => execFile(file, args, { timeout: 15_000 }, (_e, stdout) => resolve(String(stdout))));

export interface InjectionApp {
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  /** Objects POST /imports created and not yet deleted. */
  imports: Map<string, Record<string, string>>;
  /** Rows POST /reports created and not yet deleted. */
  reports(): number;
  close(): void;
}

export function injectionApp(fixed: boolean): InjectionApp {
  const db = new Database(":memory:");
  db.exec(
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES ('widget'), ('gadget'), ('gizmo');" +
      "CREATE TABLE reports (id INTEGER PRIMARY KEY, title TEXT);",
  );
  let delay = 0;
  // MySQL's SLEEP and PostgreSQL's pg_sleep as SQL functions: the statement really calls them.
  db.function("sleep", (s: unknown) => ((delay = Math.max(delay, Number(s) || 0)), 0));
  db.function("pg_sleep", (s: unknown) => ((delay = Math.max(delay, Number(s) || 0)), 0));
  const query = async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
    delay = 0;
    const rows = db.prepare(sql).all(...params);
    const wait = delay;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait * 1000));
    return rows;
  };
  const docs = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-docs-"));
  fs.writeFileSync(path.join(docs, "readme.txt"), "Welcome to the docs.\n");
  const imports = new Map<string, Record<string, string>>();
  let nextImport = 1;

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const q = parseQuery(url, !fixed);
    const p = url.pathname;
    const str = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : "");
    try {
      if (p === "/openapi.json") return json(res, 200, injectionSpec());
      if (p === "/items" && req.method === "GET") {
        const rows = fixed ? await query("SELECT id, name FROM items WHERE name = ?", [str("name")]) : await query(`SELECT id, name FROM items WHERE name = '${str("name")}'`);
        return json(res, 200, rows);
      }
      const item = /^\/items\/([^/]+)$/.exec(p);
      if (item && req.method === "GET") {
        const id = decodeURIComponent(item[1]!);
        if (fixed && !/^\d+$/.test(id)) return json(res, 400, { error: "id must be a number" });
        const rows = fixed ? await query("SELECT id, name FROM items WHERE id = ?", [Number(id)]) : await query(`SELECT id, name FROM items WHERE id = ${id}`);
        return rows.length ? json(res, 200, rows[0]) : json(res, 404, { error: "not found" });
      }
      if (p === "/audit" && req.method === "GET") {
        // Blind: the same answer whatever the query does (errors included).
        try {
          if (fixed) await query("SELECT count(*) FROM items WHERE name = ?", [str("user")]);
          else await query(`SELECT count(*) FROM items WHERE name = '${str("user")}'`);
        } catch {
          // swallowed
        }
        return json(res, 200, { recorded: true });
      }
      if (p === "/users" && req.method === "GET") {
        const role = q["role"];
        if (fixed && typeof role !== "string") return json(res, 400, { error: "role must be a string" });
        return json(res, 200, USERS.filter((u) => matches(u.role, role)).map((u) => ({ username: u.username, role: u.role })));
      }
      if (p === "/login" && req.method === "POST") {
        const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
        if (fixed && (typeof body["username"] !== "string" || typeof body["password"] !== "string")) return json(res, 400, { error: "strings only" });
        const user = USERS.find((u) => matches(u.username, body["username"]) && matches(u.password, body["password"]));
        return user ? json(res, 200, { token: `session-for-${user.username}` }) : json(res, 401, { error: "invalid credentials" });
      }
      if (p === "/reports" && req.method === "POST") {
        // Error-based: the driver's message goes back to the caller (vulnerable) or a generic one (fixed).
        const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
        const title = String(body["title"] ?? "");
        const info = fixed ? db.prepare("INSERT INTO reports (title) VALUES (?)").run(title) : db.prepare(`INSERT INTO reports (title) VALUES ('${title}')`).run();
        const id = String(info.lastInsertRowid);
        return json(res, 201, { id, title }, { location: `/reports/${id}` });
      }
      const report = /^\/reports\/(\d+)$/.exec(p);
      if (report && req.method === "DELETE") return db.prepare("DELETE FROM reports WHERE id = ?").run(Number(report[1])).changes ? json(res, 204, {}) : json(res, 404, {});
      if (p === "/ping" && req.method === "GET") {
        const out = fixed ? await runFile("echo", ["pinging", str("host")]) : await run(`echo pinging ${str("host")}`);
        return json(res, 200, { output: out });
      }
      if (p === "/notify" && req.method === "GET") {
        if (fixed) await runFile("printf", ["%s", str("email")]);
        else await run(`printf '%s' ${str("email")} > /dev/null`);
        return json(res, 202, { queued: true });
      }
      if (p === "/greet" && req.method === "GET") {
        const name = str("name");
        // Fixed: input is data for a fixed template. Vulnerable: input becomes part of the template source.
        const text = fixed ? renderTemplate("Hello {{name}}", { name }) : renderTemplate(`Hello ${name}`);
        return json(res, 200, { message: text });
      }
      if (p === "/files" && req.method === "GET") {
        const target = path.resolve(docs, str("name"));
        if (fixed && !target.startsWith(docs + path.sep)) return json(res, 400, { error: "no such document" });
        try {
          res.writeHead(200, { "content-type": "text/plain" });
          return void res.end(fs.readFileSync(fixed ? target : path.join(docs, str("name")), "utf8"));
        } catch {
          return json(res, 404, { error: "no such document" });
        }
      }
      if (p === "/imports" && req.method === "POST") {
        const doc = importXml(await readBody(req), !fixed);
        if (!doc) return json(res, 400, { error: "unresolved entity" });
        const id = String(nextImport++);
        imports.set(id, doc);
        return json(res, 201, { id, imported: doc }, { location: `/imports/${id}` });
      }
      const imp = /^\/imports\/(\d+)$/.exec(p);
      if (imp && req.method === "DELETE") return imports.delete(imp[1]!) ? json(res, 204, {}) : json(res, 404, {});
      if (p === "/lang" && req.method === "GET") {
        const lang = str("lang");
        if (fixed) {
          res.writeHead(302, { location: `/home?lang=${encodeURIComponent(lang)}`, "content-length": 0 });
          return void res.end();
        }
        // Written raw, as a server that copies the value into the header block would.
        req.socket.end(`HTTP/1.1 302 Found\r\nLocation: /home?lang=${lang}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      return json(res, 404, { error: "no such route" });
    } catch (e) {
      return json(res, 500, { error: fixed ? "internal error" : String((e as Error).message) });
    }
  };
  const reports = () => (db.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n;
  return { handler, imports, reports, close: () => (db.close(), fs.rmSync(docs, { recursive: true, force: true })) };
}

const param = (name: string, where: "query" | "path", example: string | number, type = "string") => ({ name, in: where, required: true, schema: { type }, example });
const ok = { "200": { description: "ok" } };

export function injectionSpec(): Record<string, unknown> {
  return {
    openapi: "3.0.3",
    info: { title: "injection fixture", version: "1" },
    paths: {
      "/items": { get: { parameters: [param("name", "query", "widget")], responses: ok } },
      "/items/{id}": { get: { parameters: [param("id", "path", 1, "integer")], responses: ok } },
      "/audit": { get: { parameters: [param("user", "query", "widget")], responses: ok } },
      "/users": { get: { parameters: [param("role", "query", "user")], responses: ok } },
      "/login": {
        post: {
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { username: { type: "string", example: "alice" }, password: { type: "string", example: "wrong" } } } } } },
          responses: ok,
        },
      },
      "/reports": {
        post: {
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { title: { type: "string", example: "q3" } } } } } },
          responses: { "201": { description: "created" } },
        },
      },
      "/reports/{reportId}": { delete: { parameters: [param("reportId", "path", "1")], responses: { "204": { description: "gone" } } } },
      "/ping": { get: { parameters: [param("host", "query", "127.0.0.1")], responses: ok } },
      "/notify": { get: { parameters: [param("email", "query", "a@example.com")], responses: ok } },
      "/greet": { get: { parameters: [param("name", "query", "alice")], responses: ok } },
      "/files": { get: { parameters: [param("name", "query", "readme.txt")], responses: ok } },
      "/imports": {
        post: {
          requestBody: { required: true, content: { "application/xml": { schema: { type: "object", xml: { name: "import" }, properties: { title: { type: "string", example: "q3" } } } } } },
          responses: { "201": { description: "created" } },
        },
      },
      "/imports/{importId}": { delete: { parameters: [param("importId", "path", "1")], responses: { "204": { description: "gone" } } } },
      "/lang": { get: { parameters: [param("lang", "query", "en")], responses: { "302": { description: "redirect" } } } },
    },
  };
}
