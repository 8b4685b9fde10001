// Validation against a JSON Schema shipped in the package (schema/*.schema.json), compiled on first use.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export may arrive wrapped in a namespace.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

export interface SchemaValidator {
  schema(): Record<string, unknown>;
  /** The schema violations of `value` (empty when valid). */
  validate(value: unknown): string[];
}

/** A validator for `schema/<file>` of the package. */
export function packagedSchema(file: string): SchemaValidator {
  const schema = (): Record<string, unknown> =>
    JSON.parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), "utf8")) as Record<string, unknown>;
  let validator: ReturnType<Ajv2020["compile"]> | null = null;
  return {
    schema,
    validate(value) {
      if (!validator) {
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        validator = ajv.compile(schema());
      }
      if (validator(value)) return [];
      return (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
    },
  };
}
