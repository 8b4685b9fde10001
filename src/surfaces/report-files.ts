// What the CLI and the GitHub Action share to turn a finished report into files: the format list
// (`json,sarif`), file names per format, and the render options that need the file system (spec lines).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { GateResult } from "../report/gate.js";
import { FORMATS, renderers, type Format, type RenderOptions } from "../report/renderers/index.js";
import { pointerLine } from "../report/spec-locate.js";

export const FORMAT_FILES: Record<Format, string> = {
  summary: "rampart-summary.txt",
  table: "rampart-table.txt",
  json: "rampart-report.json",
  sarif: "rampart.sarif",
  junit: "rampart-junit.xml",
  markdown: "rampart-report.md",
  html: "rampart-report.html",
};

/** A report format a surface can write: the text formats, plus `pdf` where the surface offers documents. */
export type OutputFormat = Format | "pdf";
export const PDF_FILE = "rampart-report.pdf";

/** `json,sarif` → formats, in order, without duplicates; a bad name is a usage error. */
export function parseFormats(value: string | undefined, fallback: Format = "summary"): Format[] {
  return parseOutputFormats(value, fallback, false) as Format[];
}

/** As parseFormats, and `pdf` is accepted when `allowPdf` (the CLI; the Action writes text formats only). */
export function parseOutputFormats(value: string | undefined, fallback: Format = "summary", allowPdf = true): OutputFormat[] {
  const known: readonly string[] = allowPdf ? [...FORMATS, "pdf"] : FORMATS;
  const names = (value ?? fallback)
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!names.length) throw new UsageError(`--format needs at least one of ${known.join(", ")}`);
  const out: OutputFormat[] = [];
  for (const n of names) {
    if (!known.includes(n)) throw new UsageError(`--format must be among ${known.join(", ")} (got '${n}')`);
    const f = n as OutputFormat;
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** Writes a PDF of the report (pdfmake is loaded only now). */
export async function writePdf(report: ScanReport, file: string, ctx: SurfaceRenderContext): Promise<void> {
  const { renderPdf } = await import("./report-pdf.js");
  const bytes = await renderPdf(report, ctx.gate ? { gate: ctx.gate } : {});
  try {
    writeFileSync(file, bytes);
  } catch {
    throw new UsageError(`cannot write ${file}`);
  }
}

/** Reads spec files (once each) to find the line of a JSON pointer; unreadable files give null. */
export function specLocator(baseDir: string): (file: string, pointer: string) => number | null {
  const cache = new Map<string, string | null>();
  return (file, pointer) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return null;
    const abs = path.resolve(baseDir, file);
    if (!cache.has(abs)) {
      try {
        cache.set(abs, readFileSync(abs, "utf8"));
      } catch {
        cache.set(abs, null);
      }
    }
    const text = cache.get(abs);
    return text ? pointerLine(text, pointer) : null;
  };
}

export interface SurfaceRenderContext {
  /** Repository root or working directory: SARIF paths are relative to it. */
  baseDir: string;
  gate?: GateResult;
  color?: boolean;
  docsBaseUrl?: string | null;
  /** Hidden marker for a sticky PR comment (markdown). */
  marker?: string;
  reportUrl?: string;
}

export function renderOptionsFor(ctx: SurfaceRenderContext): RenderOptions {
  return {
    color: ctx.color ?? false,
    ...(ctx.gate ? { gate: ctx.gate } : {}),
    sarif: { baseDir: ctx.baseDir, locate: specLocator(ctx.baseDir), docsBaseUrl: ctx.docsBaseUrl ?? null },
    markdown: { baseDir: ctx.baseDir, ...(ctx.marker ? { marker: ctx.marker } : {}), ...(ctx.reportUrl ? { reportUrl: ctx.reportUrl } : {}) },
  };
}

export function render(report: ScanReport, format: Format, ctx: SurfaceRenderContext): string {
  return renderers[format](report, renderOptionsFor(ctx));
}

/** Writes one file per format into `dir` (created if needed); returns the paths by format. */
export function writeReports(report: ScanReport, formats: readonly Format[], dir: string, ctx: SurfaceRenderContext): Partial<Record<Format, string>> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    throw new UsageError(`cannot create --output-dir ${dir}`);
  }
  const written: Partial<Record<Format, string>> = {};
  const opts = renderOptionsFor(ctx);
  for (const f of formats) {
    const file = path.join(dir, FORMAT_FILES[f]);
    try {
      writeFileSync(file, renderers[f](report, opts));
    } catch {
      throw new UsageError(`cannot write ${file}`);
    }
    written[f] = file;
  }
  return written;
}
