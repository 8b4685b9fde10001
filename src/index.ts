// Public library API: scan(), planScan(), defineCheck(), the report types and renderers — nothing else.
export { scan } from "./engine/scan.js";
export { planScan, type ScanPlan } from "./engine/plan.js";
export type { ScanOptions } from "./engine/options.js";
export type { ScanEvent, ScanHooks } from "./engine/events.js";
export { defineCheck } from "./core/check.js";
export type { Check, CheckContext, CheckMeta, FindingInput } from "./core/check.js";
export type * from "./core/types.js";
export { RampartError, SpecError, UsageError, InputError, TargetError } from "./core/errors.js";
export { checks } from "./checks/index.js";
export { renderers, FORMATS, type Format } from "./report/renderers/index.js";
export { evaluateGate } from "./report/gate.js";
export { validateReport } from "./report/validate.js";
export { scoreFindings } from "./scoring/score.js";
export { VERSION } from "./core/version.js";
