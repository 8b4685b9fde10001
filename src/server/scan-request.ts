// One way from a scan request (the API's POST /api/scans, or a monitor's stored settings) to scan options:
// the target guard on the target and spec, the settings copied over, stored identities resolved. Nothing
// from the server's own environment may leak into a scan, so `env` is empty (`env:VAR` resolves to nothing).
import type { ScanRequestSettings } from "../core/scan-request.js";
import type { ScanOptions } from "../engine/options.js";
import type { IdentityResolver, TargetGuard } from "./context.js";

export type { ScanRequestSettings };

/** Why a request cannot become a scan; `field` says which part of it was refused. */
export class ScanRequestRefused extends Error {
  constructor(
    readonly field: "target" | "spec" | "identities",
    message: string,
  ) {
    super(message);
  }
}

export async function scanRequestOptions(
  target: string,
  spec: string | null | undefined,
  settings: ScanRequestSettings,
  deps: { guard: TargetGuard | null; identities: IdentityResolver | null },
): Promise<ScanOptions> {
  let options: ScanOptions = { target, env: {} };
  if (deps.guard) {
    for (const [url, role] of [[target, "target"], ...(spec ? [[spec, "spec"]] : [])] as [string, "target" | "spec"][]) {
      const verdict = await deps.guard(url, role);
      if (!verdict.allowed) throw new ScanRequestRefused(role, verdict.reason);
      options = { ...options, ...verdict.options };
    }
  }
  if (spec) options.spec = spec;
  const s = settings;
  if (s.mode) options.mode = s.mode;
  if (s.depth) options.depth = s.depth;
  if (s.context) options.context = s.context;
  if (s.checks?.length) options.checks = s.checks;
  if (s.excludeChecks?.length) options.excludeChecks = s.excludeChecks;
  if (s.budget) options.budget = s.budget;
  if (s.rate) options.rate = s.rate;
  if (s.concurrency) options.concurrency = s.concurrency;
  if (s.identities?.length) {
    if (!deps.identities) throw new ScanRequestRefused("identities", "this server has no stored identities to refer to");
    options.auth = await deps.identities(target, s.identities);
  }
  return options;
}
