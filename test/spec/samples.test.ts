import { describe, expect, it } from "vitest";
import { bodySample, FORMAT_SAMPLES, parameterSample } from "../../src/spec/samples.js";

describe("parameterSample", () => {
  it.each([
    ["explicit example wins", "q", { type: "string", example: "schema-example" }, "param-example", "param-example"],
    ["schema example", "q", { type: "string", example: "schema-example", default: "d" }, undefined, "schema-example"],
    ["3.1 examples array", "q", { type: "string", examples: ["first", "second"] }, undefined, "first"],
    ["default", "limit", { type: "integer", default: 25 }, undefined, "25"],
    ["const", "kind", { const: "fixed" }, undefined, "fixed"],
    ["first non-null enum member", "sort", { type: ["string", "null"], enum: [null, "asc", "desc"] }, undefined, "asc"],
    ["uuid", "ref", { type: "string", format: "uuid" }, undefined, FORMAT_SAMPLES.uuid],
    ["date", "day", { type: "string", format: "date" }, undefined, "2024-01-01"],
    ["date-time", "since", { type: "string", format: "date-time" }, undefined, "2024-01-01T00:00:00Z"],
    ["email", "contact", { type: "string", format: "email" }, undefined, "user@example.com"],
    ["uri", "callback", { type: "string", format: "uri" }, undefined, "https://example.com/"],
    ["ipv4", "addr", { type: "string", format: "ipv4" }, undefined, "192.0.2.1"],
    ["int64 integer", "count", { type: "integer", format: "int64" }, undefined, "1"],
    ["id", "id", { type: "string" }, undefined, "1"],
    ["snake id", "user_id", { type: "string" }, undefined, "1"],
    ["camel id", "orderId", { type: "string" }, undefined, "1"],
    ["no schema id", "accountID", null, undefined, "1"],
    ["a word ending in id is not an id", "paid", { type: "string" }, undefined, "test"],
    ["boolean", "verbose", { type: "boolean" }, undefined, "true"],
    ["minimum", "page", { type: "integer", minimum: 10 }, undefined, "10"],
    ["exclusive minimum (3.1)", "n", { type: "integer", exclusiveMinimum: 7 }, undefined, "8"],
    ["exclusive minimum (3.0)", "n", { type: "number", minimum: 2, exclusiveMinimum: true }, undefined, "2.5"],
    ["maximum below one", "ratio", { type: "number", maximum: 0.5 }, undefined, "0.5"],
    ["multipleOf", "step", { type: "integer", minimum: 3, multipleOf: 5 }, undefined, "5"],
    ["minLength", "code", { type: "string", minLength: 8 }, undefined, "testxxxx"],
    ["maxLength", "cc", { type: "string", maxLength: 2 }, undefined, "te"],
    ["array of enum", "tags", { type: "array", items: { type: "string", enum: ["x", "y"] } }, undefined, "x"],
    ["nullable type array", "name", { type: ["null", "string"] }, undefined, "test"],
    ["oneOf picks a usable branch", "v", { oneOf: [{ type: "null" }, { type: "integer", minimum: 4 }] }, undefined, "4"],
    ["object parameter is JSON", "filter", { type: "object", example: { a: 1 } }, undefined, '{"a":1}'],
  ])("%s", (_name, param, schema, example, expected) => {
    expect(parameterSample(param, schema, example)).toBe(expected);
  });
});

describe("bodySample", () => {
  it("fills required and optional properties, skipping readOnly ones in requests", () => {
    const schema = {
      type: "object",
      required: ["name"],
      properties: {
        id: { type: "integer", readOnly: true },
        name: { type: "string" },
        email: { type: "string", format: "email" },
        owner_id: { type: "string" },
        active: { type: "boolean", default: false },
        tags: { type: "array", items: { type: "string" } },
        secret: { type: "string", writeOnly: true },
      },
    };
    expect(bodySample(schema, "request")).toEqual({
      name: "test", email: "user@example.com", owner_id: 1, active: false, tags: ["test"], secret: "test",
    });
    expect(bodySample(schema, "response")).toEqual({
      name: "test", id: 1, email: "user@example.com", owner_id: 1, active: false, tags: ["test"],
    });
  });

  it("merges allOf parts and prefers a whole-object example", () => {
    expect(bodySample({ allOf: [{ type: "object", properties: { a: { type: "integer" } } }, { properties: { b: { const: "x" } } }] })).toEqual({
      a: 1, b: "x",
    });
    expect(bodySample({ type: "object", example: { given: true }, properties: { a: { type: "string" } } })).toEqual({ given: true });
  });

  it("cuts recursion markers and bounds depth", () => {
    expect(bodySample({ type: "object", properties: { self: { "x-circular-ref": "#/components/schemas/N" }, n: { type: "integer" } } })).toEqual({ n: 1 });
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 50; i++) deep = { type: "object", properties: { next: deep } };
    const sample = bodySample(deep);
    expect(JSON.stringify(sample).split("next").length - 1).toBeLessThanOrEqual(6);
  });

  it("bounds the size of wide, shared schema trees", () => {
    const leaf = { type: "object", properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, { type: "string" }])) };
    let wide: Record<string, unknown> = leaf;
    for (let i = 0; i < 5; i++) wide = { type: "object", properties: Object.fromEntries(Array.from({ length: 40 }, (_, j) => [`c${j}`, wide])) };
    const text = JSON.stringify(bodySample(wide));
    expect(text.length).toBeLessThan(200_000);
  });

  it("returns undefined without a schema", () => {
    expect(bodySample(null)).toBeUndefined();
  });
});
