// Reading a baseline file (`--baseline`, YAML or JSON) and writing one from a report (`rampart baseline`).
import { readFileSync } from "node:fs";
import { Document, isMap, isSeq, parseDocument } from "yaml";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { Baseline, IgnoreEntry } from "./baseline.js";
import { ignoreEntrySchema } from "./baseline.js";
import { configError } from "./issues.js";

const baselineFileSchema = z.union([
  z.array(ignoreEntrySchema),
  z.object({ version: z.literal(1).optional(), ignore: z.array(ignoreEntrySchema) }).strict(),
]);

/** Parses YAML or JSON text; errors name the source and the offending key. */
export function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new InputError(`${source}${line ? `:${line}` : ""}: not valid YAML or JSON (${err.message.split("\n")[0]})`);
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

export function parseBaseline(text: string, source: string): Baseline {
  const data = parseYaml(text, source);
  if (data === null || data === undefined) return { entries: [], source };
  const isObject = typeof data === "object" && !Array.isArray(data);
  const parsed = baselineFileSchema.safeParse(data);
  if (!parsed.success) {
    // A union error is unhelpful: re-validate against the shape the file evidently meant.
    const meant = isObject ? baselineFileSchema.options[1] : baselineFileSchema.options[0];
    const again = meant.safeParse(data);
    throw configError(source, again.success ? parsed.error.issues : again.error.issues);
  }
  const entries: IgnoreEntry[] = Array.isArray(parsed.data) ? parsed.data : parsed.data.ignore;
  return { entries, source };
}

export function loadBaselineFile(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError(`cannot read baseline file ${path}`);
  }
  return parseBaseline(text, path);
}

export interface BaselineFromReport {
  reason?: string;
  expires?: string;
}

/** One entry per finding: its id (what matches), with check and operation for readers and safety. */
export function entriesFromReport(report: ScanReport, opts: BaselineFromReport = {}): IgnoreEntry[] {
  const reason = opts.reason?.trim() || `accepted at baseline from scan ${report.scanId} (${report.finishedAt.slice(0, 10)})`;
  return report.findings.map((f) => ({
    finding: f.id,
    check: f.checkId,
    ...(f.operation ? { operation: `${f.operation.method.toUpperCase()} ${f.operation.path}` } : {}),
    reason,
    ...(opts.expires ? { expires: opts.expires } : {}),
  }));
}

/**
 * YAML text with `ignore:` holding the existing entries plus the new ones (by finding id, no duplicates).
 * Other keys and comments of an existing `.rampart.yml` are kept.
 */
export function mergeBaselineYaml(existing: string | null, entries: IgnoreEntry[], source: string): { text: string; added: number } {
  const fresh = !existing || existing.trim() === "";
  const doc = fresh ? new Document({}) : parseDocument(existing, { prettyErrors: false });
  if (doc.errors[0]) throw new InputError(`${source}: not valid YAML (${doc.errors[0].message.split("\n")[0]})`);
  if (fresh) doc.commentBefore = " Rampart configuration: accepted findings. Each entry needs a reason; see docs/ci.md.";
  if (!isMap(doc.contents)) throw new InputError(`${source}: expected a mapping with an ignore: list`);
  if (!doc.has("ignore") || doc.get("ignore") === null) doc.set("ignore", doc.createNode([]));
  const list = doc.get("ignore", true);
  if (!isSeq(list)) throw new InputError(`${source}: ignore must be a list`);
  const seen = new Set(
    (list.toJSON() as unknown[]).flatMap((e) => (e && typeof e === "object" && "finding" in e ? [String((e as { finding: unknown }).finding)] : [])),
  );
  let added = 0;
  for (const entry of entries) {
    if (entry.finding && seen.has(entry.finding)) continue;
    list.add(doc.createNode(entry));
    seen.add(entry.finding ?? "");
    added++;
  }
  return { text: doc.toString({ lineWidth: 0 }), added };
}
