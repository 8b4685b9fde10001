// Validates a monitoring event against the JSON Schema shipped in the package (schema/event.schema.json):
// the envelope and, per type, the data documented in docs/monitoring.md.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export may arrive wrapped in a namespace.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

let validator: ReturnType<Ajv2020["compile"]> | null = null;

export function eventSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL("../../schema/event.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
}

/** The schema violations of one event (empty when valid). */
export function validateEvent(event: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(eventSchema());
  }
  if (validator(event)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}
