// Public surface of scan-to-scan diffs.
export { diffReports, diffRegressions, severityRank } from "./diff.js";
export type { CategoryDelta, DiffFinding, ScanDiff, ScanRef, SeverityChange } from "./diff.js";
export { DIFF_FORMATS, renderDiff, renderDiffJson, renderDiffText } from "./render.js";
export type { DiffFormat, DiffRenderOptions } from "./render.js";
