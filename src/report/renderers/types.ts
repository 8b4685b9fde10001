// What every renderer receives. Renderers are pure: no I/O, no clock, no engine access.
import type { ScanReport } from "../../core/types.js";
import type { GateResult } from "../gate.js";
import type { HtmlOptions } from "./html.js";
import type { JunitOptions } from "./junit.js";
import type { MarkdownOptions } from "./markdown.js";
import type { SarifOptions } from "./sarif.js";

export interface RenderOptions {
  /** ANSI colours (terminal formats only). */
  color: boolean;
  /** Max findings listed in human formats (the rest are counted). */
  maxFindings?: number;
  /** Outcome of the CI gate, for formats that show it (junit, markdown, html). */
  gate?: GateResult;
  /** Per-format options (Trivy's per-writer option structs). */
  sarif?: SarifOptions;
  junit?: JunitOptions;
  markdown?: MarkdownOptions;
  html?: HtmlOptions;
}

export type Renderer = (report: ScanReport, opts: RenderOptions) => string;
