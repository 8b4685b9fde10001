// The options as recorded in a report: credentials and DSN passwords never leave the process.
import type { ScanSettings } from "../core/check.js";
import type { ScanOptions } from "./options.js";

/** `@alice=bearer:abc` → `@alice=bearer:<redacted>`; env references are kept (they are names, not secrets). */
export function redactAuthValue(raw: string): string {
  const m = /^(@[^=]+=)?([a-z]+):(.*)$/i.exec(raw);
  if (!m) return "<redacted>";
  const [, label = "", kind = "", rest = ""] = m;
  if (rest.startsWith("env:")) return `${label}${kind}:${rest}`;
  const name = kind === "header" || kind === "query" || kind === "cookie" ? rest.split("=")[0] : kind === "basic" ? rest.split(":")[0] : "";
  const shown = name ? `${name}${kind === "basic" ? ":" : "="}` : "";
  return `${label}${kind}:${shown}<redacted>`;
}

export function redactDsnPassword(dsn: string): string {
  return dsn.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1<redacted>@").replace(/(password=)[^&\s]*/gi, "$1<redacted>");
}

export function redactOptions(
  options: ScanOptions,
  settings: ScanSettings,
  effective: { budget: number; timeoutMs: number; concurrency: number },
): Record<string, unknown> {
  return {
    mode: settings.mode,
    depth: settings.depth,
    context: settings.context,
    spec: options.spec ?? null,
    endpoints: options.endpoints ?? null,
    postmanEnvironment: options.postmanEnvironment ?? null,
    graphql: settings.graphql?.endpoint ?? null,
    auth: (options.auth ?? []).map(redactAuthValue),
    // Which identities log in and how; the declarations' secrets are env references and stay out.
    logins: Object.fromEntries(
      Object.entries(options.logins ?? {}).map(([label, d]) => [
        label,
        "login" in d ? `login ${d.login.request}` : `oauth2 ${d.oauth2.grant} ${d.oauth2.tokenUrl}`,
      ]),
    ),
    budget: effective.budget,
    timeoutMs: effective.timeoutMs,
    concurrency: effective.concurrency,
    rate: options.rate ?? null,
    checks: options.checks ?? null,
    includeOperations: settings.includeOperations,
    db: settings.dbTargets.map((t) => `${t.host}:${t.port}`),
    dsn: settings.dsns.map(redactDsnPassword),
    ca: options.ca ? "(provided)" : null,
    transportFrom: options.transportFrom ?? null,
    // Where the scanner's callback listener was told to be reached (not a secret; says which address the target saw).
    callbackHost: settings.callbackHost,
  };
}
