// Rubric version 1 (REPORT.md) as tables: changing the score is a diff here, never in checks.
import type { CategoryId, Confidence, Grade, Severity } from "../core/types.js";

export const RUBRIC_VERSION = "1";

export const SEVERITY_DEDUCTION: Record<Severity, number> = { critical: 50, high: 25, medium: 10, low: 3, info: 0 };

export const CONFIDENCE_FACTOR: Record<Confidence, number> = { confirmed: 1.0, firm: 0.8, tentative: 0.5 };

/** Second and later findings of the same check in a category deduct this fraction. */
export const REPEAT_FACTOR = 0.25;

export const CATEGORY_WEIGHTS: Record<CategoryId, number> = {
  authentication: 15,
  bolaAuthorization: 14,
  encryption: 12,
  bflaAuthorization: 10,
  dataExposure: 10,
  propertyAuthorization: 8,
  inputValidation: 8,
  rateLimiting: 6,
  llmSecurity: 6,
  ssrf: 5,
  inventoryManagement: 4,
  unsafeConsumption: 2,
};

export const CATEGORY_NAMES: Record<CategoryId, string> = {
  authentication: "Authentication",
  bolaAuthorization: "Object-level authorization",
  encryption: "Encryption",
  bflaAuthorization: "Function-level authorization",
  dataExposure: "Data exposure",
  propertyAuthorization: "Property-level authorization",
  inputValidation: "Input validation & configuration",
  rateLimiting: "Resource consumption",
  llmSecurity: "LLM / AI security",
  ssrf: "Server-side request forgery",
  inventoryManagement: "Inventory management",
  unsafeConsumption: "Unsafe API consumption",
};

/** Caps on the overall score: the first matching row applies (ordered strictest first). */
export const SCORE_CAPS: { severity: Severity; confidences: Confidence[]; limit: number }[] = [
  { severity: "critical", confidences: ["confirmed", "firm"], limit: 59 },
  { severity: "high", confidences: ["confirmed", "firm", "tentative"], limit: 79 },
];

/** A scan that exercised less than this share of its planned operations or checks is incomplete. */
export const COVERAGE_FLOOR = 0.7;

/** This many network failures in a row, after the target's last answer, mean it stopped answering. */
export const UNREACHABLE_TAIL = 5;

export const GRADE_BANDS: { min: number; grade: Grade }[] = [
  { min: 90, grade: "A" },
  { min: 80, grade: "B" },
  { min: 70, grade: "C" },
  { min: 60, grade: "D" },
  { min: 0, grade: "F" },
];

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** One step up/down the severity ladder for --context adjustments. */
export const SEVERITY_UP: Record<Severity, Severity> = {
  critical: "critical",
  high: "critical",
  medium: "high",
  low: "medium",
  info: "low",
};
