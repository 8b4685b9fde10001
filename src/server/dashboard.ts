// Serves the dashboard built into dist/dashboard (by `npm run build`): the page at `/`, its script, the
// chunks it loads per view, and its stylesheet under /assets. Everything comes from this process; the CSP forbids any other origin and inline
// script, so text from a scanned API rendered by the page can never run.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import { access, doc } from "./session-routes.js";

/** The built assets: <package root>/dist/dashboard, from src/server (tests) and dist/server alike. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL("../../dist/dashboard/", import.meta.url));

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/assets/app.js": { file: "assets/app.js", type: "text/javascript; charset=utf-8" },
  "/assets/app.css": { file: "assets/app.css", type: "text/css; charset=utf-8" },
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** Chunks of the script the build split off (one per view, fetched when the view is first opened). */
const CHUNK = /^[\w-]+\.js$/;

function filesIn(dir: string): Record<string, { file: string; type: string }> {
  const files = { ...FILES };
  let names: string[] = [];
  try {
    names = fs.readdirSync(`${dir}assets`);
  } catch {
    return files;
  }
  for (const name of names) if (CHUNK.test(name)) files[`/assets/${name}`] = { file: `assets/${name}`, type: "text/javascript; charset=utf-8" };
  return files;
}

function load(dir: string): Map<string, Asset> | null {
  const assets = new Map<string, Asset>();
  for (const [route, { file, type }] of Object.entries(filesIn(dir))) {
    let body: Buffer;
    try {
      body = fs.readFileSync(`${dir}${file}`);
    } catch {
      return null;
    }
    assets.set(route, { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` });
  }
  return assets;
}

export interface DashboardOptions {
  /** Directory holding index.html and assets/ (default: the package's dist/dashboard). */
  assetsDir?: string;
}

/** Fastify plugin for `buildServer({ plugins })`. Assets are read once, at registration. */
export function dashboardPlugin(opts: DashboardOptions = {}) {
  return async function dashboard(app: FastifyInstance): Promise<void> {
    const dir = (opts.assetsDir ?? DEFAULT_ASSETS_DIR).replace(/\/?$/, "/");
    const assets = load(dir);
    const send = (reply: FastifyReply, route: string, ifNoneMatch: string | undefined) => {
      reply.header("content-security-policy", DASHBOARD_CSP);
      const asset = assets?.get(route);
      if (!asset) {
        return reply
          .code(503)
          .type("text/plain; charset=utf-8")
          .send(`The dashboard is not built (no ${dir}). Run npm run build; the REST API under /api works without it.\n`);
      }
      // Revalidated every time (cheap: 304 by ETag) so an upgrade never mixes old and new files.
      reply.header("cache-control", "no-cache").header("etag", asset.etag);
      if (ifNoneMatch === asset.etag) return reply.code(304).send();
      return reply.type(asset.type).send(asset.body);
    };
    for (const route of assets ? assets.keys() : Object.keys(FILES)) {
      app.get(route, { config: access("public"), schema: doc({ hide: true }) }, async (request, reply) =>
        send(reply, route, request.headers["if-none-match"]),
      );
    }
    app.get("/favicon.ico", { config: access("public"), schema: doc({ hide: true }) }, async (_request, reply) => reply.code(204).send());
  };
}
