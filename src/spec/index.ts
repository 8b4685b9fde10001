// Public surface of the spec layer: load an OpenAPI/Swagger document into an ApiModel, build URLs,
// sample values.
export { loadSpec, loadSpecText, loadParsedSpec, isUrl, MAX_SPEC_BYTES, type SpecLoadOptions, type SpecFetch, type SpecFetchOptions, type SpecFetchResponse } from "./load.js";
export { operationUrl, joinUrl } from "./url.js";
export { bodySample, parameterSample, scalarSample, FORMAT_SAMPLES } from "./samples.js";
export { CIRCULAR_REF, UNRESOLVED_REF } from "./schema.js";
export { parseText, formatHint, mayHoldRefs } from "./parse.js";
export { tooLarge } from "./documents.js";
