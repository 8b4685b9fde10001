// The 10,000-operation stress document, generated at test time: 2,000 resources, each with GET/POST on
// /rNNNN and GET/PUT/DELETE on /rNNNN/{id} (valid OpenAPI 3.0.3, about 1.3 MB).
export function stressSpec(resources = 2000): string {
  const ok = { $ref: "#/components/responses/ok" };
  const item = { $ref: "#/components/requestBodies/item" };
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < resources; i++) {
    const n = String(i).padStart(4, "0");
    paths[`/r${n}`] = {
      get: { operationId: `list_r${n}`, responses: { 200: ok } },
      post: { operationId: `create_r${n}`, requestBody: item, responses: { 201: ok } },
    };
    paths[`/r${n}/{id}`] = {
      parameters: [{ $ref: "#/components/parameters/id" }],
      get: { operationId: `get_r${n}`, responses: { 200: ok } },
      put: { operationId: `update_r${n}`, requestBody: item, responses: { 200: ok } },
      delete: { operationId: `delete_r${n}`, responses: { 204: { description: "No Content" } } },
    };
  }
  return JSON.stringify({
    openapi: "3.0.3",
    info: { title: `Generated stress document: ${resources * 5} operations`, version: "1.0.0" },
    servers: [{ url: "https://stress.example.com" }],
    security: [{ key: [] }],
    paths,
    components: {
      securitySchemes: { key: { type: "apiKey", in: "header", name: "X-API-Key" } },
      parameters: { id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
      requestBodies: { item: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } } },
      responses: { ok: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } } },
      schemas: { Item: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } } },
    },
  });
}
