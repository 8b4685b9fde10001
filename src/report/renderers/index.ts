// One renderer per format; a Format without a renderer fails to compile.
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderSummary } from "./summary.js";
import { renderTable } from "./table.js";
import { FORMATS, type Format } from "./formats.js";
import type { Renderer } from "./types.js";

export { FORMATS, type Format };

export const renderers: Record<Format, Renderer> = {
  json: renderJson,
  summary: renderSummary,
  table: renderTable,
  sarif: (report, o) => renderSarif(report, o.sarif),
  junit: (report, o) => renderJunit(report, { ...(o.gate ? { gate: o.gate } : {}), ...o.junit }),
  markdown: (report, o) => renderMarkdown(report, { ...(o.gate ? { gate: o.gate } : {}), ...o.markdown }),
  html: (report, o) => renderHtml(report, { ...(o.gate ? { gate: o.gate } : {}), ...o.html }),
};

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export type { RenderOptions, Renderer } from "./types.js";
