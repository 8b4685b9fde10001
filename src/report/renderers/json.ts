// The JSON report: the contract other programs read (validated by schema/report.schema.json).
import type { Renderer } from "./types.js";

export const renderJson: Renderer = (report) => `${JSON.stringify(report, null, 2)}\n`;
