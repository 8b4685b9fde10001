// What every renderer receives. Renderers are pure: no I/O, no clock, no engine access.
import type { ScanReport } from "../../core/types.js";

export interface RenderOptions {
  /** ANSI colours (terminal formats only). */
  color: boolean;
  /** Max findings listed in human formats (the rest are counted). */
  maxFindings?: number;
}

export type Renderer = (report: ScanReport, opts: RenderOptions) => string;
