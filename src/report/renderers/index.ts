// One renderer per format; a Format without a renderer fails to compile.
import { renderJson } from "./json.js";
import { renderSummary } from "./summary.js";
import { renderTable } from "./table.js";
import type { Renderer } from "./types.js";

export const FORMATS = ["summary", "table", "json"] as const;
export type Format = (typeof FORMATS)[number];

export const renderers: Record<Format, Renderer> = {
  json: renderJson,
  summary: renderSummary,
  table: renderTable,
};

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export type { RenderOptions, Renderer } from "./types.js";
