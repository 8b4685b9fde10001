// Validates a monitoring event against the JSON Schema shipped in the package (schema/event.schema.json):
// the envelope and, per type, the data documented in docs/monitoring.md.
import { packagedSchema } from "../core/schema-validator.js";

const events = packagedSchema("event.schema.json");

export function eventSchema(): Record<string, unknown> {
  return events.schema();
}

/** The schema violations of one event (empty when valid). */
export function validateEvent(event: unknown): string[] {
  return events.validate(event);
}
