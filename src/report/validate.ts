// Validates a report against the JSON Schema shipped in the package (schema/report.schema.json).
import { packagedSchema } from "../core/schema-validator.js";

const report = packagedSchema("report.schema.json");

export function reportSchema(): Record<string, unknown> {
  return report.schema();
}

/** Returns the list of schema violations (empty when valid). */
export function validateReport(value: unknown): string[] {
  return report.validate(value);
}
