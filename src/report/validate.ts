// Validates a report against the JSON Schema shipped in the package (schema/report.schema.json).
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export may arrive wrapped in a namespace.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

let validator: ReturnType<Ajv2020["compile"]> | null = null;

export function reportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL("../../schema/report.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
}

/** Returns the list of schema violations (empty when valid). */
export function validateReport(report: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(reportSchema());
  }
  if (validator(report)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}
