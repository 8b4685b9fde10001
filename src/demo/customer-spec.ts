// The demo service's OpenAPI 3.1 document (as FastAPI would serve it at /openapi.json).
export function demoSpec(): Record<string, unknown> {
  const customer = {
    type: "object",
    properties: {
      id: { type: "integer" },
      name: { type: "string" },
      email_masked: { type: "string" },
      ssn_last4: { type: "string" },
      balance: { type: "number" },
    },
  };
  const secured = [{ HTTPBearer: [] }];
  return {
    openapi: "3.1.0",
    info: { title: "Customer Records API", version: "1.4.2" },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { HTTPBearer: { type: "http", scheme: "bearer" } },
      schemas: { Customer: customer },
    },
    security: secured,
    paths: {
      "/health": { get: { operationId: "health", summary: "Health", security: [], responses: { "200": { description: "OK" } } } },
      "/session": { get: { operationId: "start_session", summary: "Start a browser session", responses: { "200": { description: "OK" } } } },
      "/customers": {
        get: {
          operationId: "list_customers",
          summary: "List customers",
          parameters: [{ name: "limit", in: "query", schema: { type: "integer", default: 20, maximum: 100 } }],
          responses: { "200": { description: "Customers", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Customer" } } } } } },
        },
      },
      "/customers/{customer_id}": {
        get: {
          operationId: "get_customer",
          summary: "Get a customer",
          parameters: [{ name: "customer_id", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "200": { description: "Customer", content: { "application/json": { schema: { $ref: "#/components/schemas/Customer" } } } } },
        },
      },
    },
  };
}
