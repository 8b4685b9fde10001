// Public surface of the spec layer: load an OpenAPI/Swagger document into an ApiModel, build URLs,
// sample values.
export { loadSpec, loadSpecText, loadParsedSpec, isUrl, type SpecLoadOptions, type SpecFetch, type SpecFetchResponse } from "./load.js";
export { operationUrl, joinUrl } from "./url.js";
export { bodySample, parameterSample, scalarSample, FORMAT_SAMPLES } from "./samples.js";
export { CIRCULAR_REF, UNRESOLVED_REF } from "./schema.js";
export { parseText, formatHint } from "./parse.js";
