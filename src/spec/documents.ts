// Loads the root document and every external document its `$ref`s name, under a policy: local refs
// stay inside the root's directory tree, `file:` URIs are refused, remote refs go only through the
// caller's fetch function and only to the origin of a remote root. Nothing refused is read or fetched.
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { crawlRefs, type FoundRef } from "./crawl.js";
import { formatHint, parseText } from "./parse.js";
import { toPointer } from "./pointer.js";

export interface SpecFetchResponse {
  status: number;
  body: string;
  contentType: string;
  /** The body was cut at the fetch's size cap (MAX_SPEC_BYTES): the document is too large to use. */
  truncated?: boolean;
}
export interface SpecFetchOptions {
  /** Deadline of this one request (discovery shares one overall deadline between its probes). */
  timeoutMs?: number;
}
/** Fetches a specification document; callers cap the body at MAX_SPEC_BYTES, as for files. */
export type SpecFetch = (url: string, options?: SpecFetchOptions) => Promise<SpecFetchResponse>;

/** Largest specification document read, from a file or a URL alike. */
export const MAX_SPEC_BYTES = 32 * 1024 * 1024;

export interface SpecDocument {
  /** Absolute href without fragment: `file:///…` or `https://…`. */
  id: string;
  /** Short name for messages: the root's name, or a path relative to the root's directory / a URL. */
  display: string;
  value: unknown;
}

export interface RefSite extends FoundRef {
  doc: SpecDocument;
}

/** A `$ref` the policy refused: never read, never fetched. */
export interface RefusedRef {
  site: RefSite;
  reason: string;
  /** Escapes and `file:` URIs fail the load; remote refs that are not fetched only warn. */
  fatal: boolean;
}

/** An external document that could not be loaded, with every `$ref` that names it. */
export interface MissingDocument {
  id: string;
  display: string;
  reason: string;
  sites: RefSite[];
}

export interface DocumentSet {
  root: SpecDocument;
  docs: Map<string, SpecDocument>;
  sites: RefSite[];
  refused: Map<RefSite, RefusedRef>;
  missing: Map<string, MissingDocument>;
  warnings: string[];
}

export interface DocumentPolicy {
  fetch?: SpecFetch | undefined;
  remoteRefs: boolean;
  /** Working directory of the user: the project tree local refs may use (see specSandbox). */
  cwd?: string | undefined;
  /** The root's text holds no `$ref` (see mayHoldRefs): nothing in it to crawl. */
  rootRefFree?: boolean | undefined;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

type Target = { kind: "doc"; id: string } | { kind: "internal" } | { kind: "refused"; reason: string; fatal: boolean };

export async function loadDocuments(root: SpecDocument, policy: DocumentPolicy): Promise<DocumentSet> {
  const rootUrl = new URL(root.id);
  const rootIsFile = rootUrl.protocol === "file:";
  const rootDir = rootIsFile ? path.dirname(fileURLToPath(rootUrl)) : "";
  const sandbox = rootIsFile ? specSandbox(rootDir, policy.cwd) : "";
  const set: DocumentSet = { root, docs: new Map([[root.id, root]]), sites: [], refused: new Map(), missing: new Map(), warnings: [] };
  const failures = new Map<string, string>();

  const classify = (site: RefSite): Target => {
    const hash = site.ref.indexOf("#");
    const base = hash === -1 ? site.ref : site.ref.slice(0, hash);
    if (base === "") return { kind: "internal" };
    if (SCHEME.test(base) && base.toLowerCase().startsWith("file:")) {
      return { kind: "refused", reason: "file: URI refs not allowed", fatal: true };
    }
    let target: URL;
    try {
      target = new URL(base, site.doc.id);
    } catch {
      return { kind: "refused", reason: "not a valid URI reference", fatal: true };
    }
    if (target.protocol === "file:") {
      if (!rootIsFile) return { kind: "refused", reason: "a local file ref from a remote document is not allowed", fatal: true };
      const abs = fileURLToPath(target);
      if (!inside(sandbox, abs)) {
        return { kind: "refused", reason: "external $ref escapes the specification directory (not read)", fatal: true };
      }
      return { kind: "doc", id: pathToFileURL(abs).href };
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") {
      return { kind: "refused", reason: `unsupported URI scheme '${target.protocol}'`, fatal: true };
    }
    if (rootIsFile) return { kind: "refused", reason: "remote $ref not fetched (remote refs disabled for a local specification)", fatal: false };
    if (!policy.remoteRefs) return { kind: "refused", reason: "remote $ref not fetched (remote refs disabled)", fatal: false };
    if (target.origin !== rootUrl.origin) {
      return { kind: "refused", reason: `remote $ref to another origin (${target.origin}) not fetched`, fatal: false };
    }
    if (!policy.fetch) return { kind: "refused", reason: "remote $ref not fetched (no fetch function given)", fatal: false };
    target.hash = "";
    return { kind: "doc", id: target.href };
  };

  // Symlinks inside the tree may point outside it: compare real paths before reading. Real paths of
  // directories are cached (one per folder, not per file); a file that is itself a link is resolved.
  // Synchronous calls: specs are many small files, and the thread-pool round trips cost more.
  const realDirs = new Map<string, string>();
  const realDir = (dir: string): string => {
    let p = realDirs.get(dir);
    if (p === undefined) realDirs.set(dir, (p = realpathSync.native(dir)));
    return p;
  };
  const readLocal = (id: string): string => {
    const abs = fileURLToPath(id);
    const info = lstatSync(abs);
    const real = info.isSymbolicLink() ? realpathSync.native(abs) : path.join(realDir(path.dirname(abs)), path.basename(abs));
    let realRoot: string;
    try {
      realRoot = realDir(sandbox);
    } catch {
      realRoot = sandbox;
    }
    if (!inside(realRoot, real)) throw new Error("resolves (through a symlink) outside the specification directory (not read)");
    const target = info.isSymbolicLink() ? statSync(real) : info;
    if (!target.isFile()) throw new Error("not a regular file");
    if (target.size > MAX_SPEC_BYTES) throw new Error(`file ${tooLarge()}`);
    return readFileSync(real, "utf8");
  };

  const readRemote = async (id: string): Promise<{ text: string; contentType: string }> => {
    const fetch = policy.fetch;
    if (!fetch) throw new Error("no fetch function given");
    const res = await fetch(id);
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
    if (res.truncated) throw new Error(tooLarge());
    return { text: res.body, contentType: res.contentType };
  };

  // Work queue, drained in rounds: every document named in one round is loaded (remote ones
  // concurrently), then crawled, which queues the next round. No recursion, so long chains of files
  // and cycles between files are fine; each document is read at most once.
  const queued = new Set<string>();
  const sitesByDoc = new Map<string, RefSite[]>();
  let queue: string[] = [];
  const extensionSites: string[] = [];

  const loadOne = async (id: string): Promise<SpecDocument | null> => {
    const display = displayName(id, root.id, rootDir);
    try {
      const { text, contentType } = id.startsWith("file:") ? { text: readLocal(id), contentType: "" } : await readRemote(id);
      const doc: SpecDocument = { id, display, value: parseText(text, display, formatHint(id, contentType)) };
      set.docs.set(id, doc);
      return doc;
    } catch (e) {
      failures.set(id, describeFailure(e));
      return null;
    }
  };

  const crawl = (doc: SpecDocument): void => {
    const { refs, extensionRefs } = crawlRefs(doc.value);
    for (const x of extensionRefs) extensionSites.push(`${label(doc, x.tokens, root)} (${x.count})`);
    for (const found of refs) {
      const site: RefSite = { ...found, doc };
      set.sites.push(site);
      const target = classify(site);
      if (target.kind === "refused") set.refused.set(site, { site, reason: target.reason, fatal: target.fatal });
      else if (target.kind === "doc") {
        const list = sitesByDoc.get(target.id);
        if (list) list.push(site);
        else sitesByDoc.set(target.id, [site]);
        if (!queued.has(target.id) && target.id !== root.id) {
          queued.add(target.id);
          queue.push(target.id);
        }
      }
    }
  };

  if (!policy.rootRefFree) crawl(root);
  while (queue.length > 0) {
    const round = queue;
    queue = [];
    const docs = await Promise.all(round.map(loadOne));
    for (const doc of docs) if (doc) crawl(doc);
  }
  for (const [id, reason] of failures) {
    set.missing.set(id, { id, display: displayName(id, root.id, rootDir), reason, sites: sitesByDoc.get(id) ?? [] });
  }
  if (extensionSites.length > 0) {
    const shown = extensionSites.slice(0, 3).join(", ");
    const more = extensionSites.length > 3 ? ` and ${extensionSites.length - 3} more` : "";
    set.warnings.push(`$refs inside x- extensions left unresolved: ${shown}${more}`);
  }
  return set;
}

/**
 * The directory tree local `$ref`s may read: the working directory when it contains the spec (a
 * project whose spec folder refers to a sibling `../common/`), except when that is the filesystem
 * root or the home directory itself; otherwise the spec's own directory.
 */
export function specSandbox(specDir: string, cwd: string | undefined): string {
  if (!cwd) return specDir;
  const dir = path.resolve(cwd);
  const broad = dir === path.parse(dir).root || dir === path.resolve(homedir());
  return !broad && inside(dir, specDir) ? dir : specDir;
}

/** `file` inside `dir` (or equal to it), compared lexically. */
function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function displayName(id: string, rootId: string, rootDir: string): string {
  if (id === rootId) return id.startsWith("file:") ? path.basename(fileURLToPath(id)) : id;
  if (id.startsWith("file:") && rootDir) return path.relative(rootDir, fileURLToPath(id)).split(path.sep).join("/");
  return id;
}

function describeFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "file not found";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, " ");
}

/** Where a node sits, for messages: `/paths/~1a/get` in the root, `file.yaml#/x` elsewhere. */
export function label(doc: SpecDocument, tokens: readonly string[], root: SpecDocument): string {
  const pointer = toPointer(tokens) || "/";
  return doc.id === root.id ? pointer : `${doc.display}#${pointer}`;
}

/** The one wording of the size limit, for files and URLs alike. */
export function tooLarge(): string {
  return `larger than the ${MAX_SPEC_BYTES / 1024 / 1024} MiB limit for a specification`;
}
