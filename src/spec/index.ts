// Public surface of the spec layer: load an OpenAPI/Swagger document into an ApiModel, build URLs.
export { operationUrl, joinUrl } from "./url.js";
