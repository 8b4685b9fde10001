// The diff output format names alone, for --help and flag checks without loading the renderers.
export const DIFF_FORMATS = ["text", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
