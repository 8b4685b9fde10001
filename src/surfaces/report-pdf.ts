// Turns a report into PDF bytes, in-process (pdfmake over pdfkit, Roboto embedded so text is selectable and
// any script prints): the CLI's `--format pdf` and the server's report route share it. pdfmake is loaded
// only when a PDF is asked for; it may read its own font files and nothing else, and fetch no URL.
import { createRequire } from "node:module";
import path from "node:path";
import type { ScanReport } from "../core/types.js";
import { pdfDocument, type PdfOptions } from "../report/pdf/document.js";

interface PdfMake {
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (file: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
}

let engine: PdfMake | null = null;

function load(): PdfMake {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const pdfmake = require("pdfmake") as PdfMake;
  const fonts = require("pdfmake/fonts/Roboto.js") as { Roboto: Record<string, string> };
  const allowed = new Set(Object.values(fonts.Roboto).map((f) => path.resolve(f)));
  pdfmake.addFonts(fonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => allowed.has(path.resolve(file)));
  engine = pdfmake;
  return pdfmake;
}

/** The report as a PDF document (bytes). */
export async function renderPdf(report: ScanReport, opts: PdfOptions = {}): Promise<Buffer> {
  return load().createPdf(pdfDocument(report, opts)).getBuffer();
}
