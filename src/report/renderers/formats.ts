// The report format names alone, so the CLI can list them in --help without loading any renderer.
export const FORMATS = ["summary", "table", "json", "sarif", "junit", "markdown", "html"] as const;
export type Format = (typeof FORMATS)[number];
