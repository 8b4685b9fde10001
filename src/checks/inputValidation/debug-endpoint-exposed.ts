import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Depth, Exchange } from "../../core/types.js";
import { findSecrets, redactSecretMatch } from "../../patterns/secrets.js";
import { DEBUG_PATHS, inTier, TIERS, type DebugPath } from "../../patterns/wordlists.js";
import { baseline, bodyWithoutPath, candidateUrls, confidentFramework, fetchOnce, type Baseline } from "../inventoryManagement/_probe.js";
import { inputRefs } from "./_shared.js";

const SECRET_NAME = /(?:SECRET|PASSWORD|PASSWD|PWD|TOKEN|KEY|CREDENTIALS?|DSN)(?:_[A-Z0-9]{1,6})?$/i;
// A URL with user:password@ is a credential whatever the setting is called (DATABASE_URL, REDIS_URL …).
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s/]+@/i;

function rows(depth: Depth, framework: string | null): DebugPath[] {
  return DEBUG_PATHS.filter((r) => inTier(r, depth, framework));
}

/** Names of secret-looking settings in env/properties text (never their values). */
function secretNames(body: string): string[] {
  const names = new Set<string>();
  for (const m of body.matchAll(/(?:^|\n|")\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]{1,80})"?\s*[:=]\s*(?:\{\s*"value"\s*:\s*)?"?([^\s"\n,}]{4,})/g)) {
    const [, name, value] = m;
    if (!name || !value || /^\*+$/.test(value)) continue;
    if (SECRET_NAME.test(name.replace(/\./g, "_")) || URL_WITH_PASSWORD.test(value)) names.add(name);
    if (names.size >= 8) break;
  }
  return [...names];
}

/** A 2xx whose content matches the row's signature, where the catch-all answer (if 2xx) does not. */
function hit(row: DebugPath, ex: Exchange, catchAll: readonly Baseline[]): boolean {
  const res = ex.response;
  if (!res || res.status < 200 || res.status >= 300) return false;
  if (row.method === "HEAD") {
    const type = res.headers["content-type"] ?? "";
    const disposition = res.headers["content-disposition"] ?? "";
    return row.signature.test(`${type} ${disposition}`) && !catchAll.some((b) => row.signature.test(b.contentType));
  }
  return row.signature.test(bodyWithoutPath(ex)) && !catchAll.some((b) => row.signature.test(b.body));
}

function summarise(row: DebugPath, ex: Exchange): { excerpt: string; secrets: boolean; note: string } {
  const body = ex.response?.body.slice(0, 262_144) ?? "";
  const names = secretNames(body);
  const keys = findSecrets(body, 5);
  const secrets = row.secrets && (names.length > 0 || keys.length > 0);
  const parts: string[] = [];
  if (names.length > 0) parts.push(`defines ${names.join(", ")} (values hidden)`);
  if (keys.length > 0) parts.push(`contains ${keys.map((k) => redactSecretMatch(k.row, k.value)).join(", ")}`);
  const excerpt = row.method === "HEAD" ? `HEAD → ${ex.response?.status} ${ex.response?.headers["content-type"] ?? ""}` : `${ex.response?.status} ${row.title}${parts.length ? `: ${parts.join("; ")}` : ""}`;
  return { excerpt, secrets, note: secrets ? "credentials are readable by anyone" : `matched the ${row.title} content signature` };
}

async function probe(ctx: CheckContext, row: DebugPath, url: string, catchAll: readonly Baseline[]): Promise<void> {
  const ex = await fetchOnce(ctx, url, row.method ?? "GET");
  if (!hit(row, ex, catchAll)) return;
  const d = summarise(row, ex);
  ctx.report({
    confidence: "confirmed",
    severity: d.secrets ? "critical" : (row.severity ?? "high"),
    title: `${row.title} exposed at ${row.path}`,
    operation: { method: row.method ?? "GET", path: row.path, url: ex.request.url },
    key: row.path,
    sensitiveData: d.secrets,
    evidence: [{ exchange: ex, excerpt: d.excerpt, note: d.note }],
  });
}

export default defineCheck({
  meta: {
    id: "inputValidation.debug-endpoint-exposed",
    title: "Debug and operations endpoints exposed",
    category: "inputValidation",
    severity: "high",
    how: "probe",
    description:
      "Debug or operations surfaces answer without authentication: environment files (.env), Git metadata, Spring Boot Actuator, Go pprof, Apache server-status, phpinfo(), Django Debug Toolbar, interactive consoles, profilers, error logs. Each was found by its content, not by status code. They leak configuration and credentials, and consoles execute code.",
    references: inputRefs([215, 489, 538], { owaspTop10_2021: ["A05"] }),
    remediation: {
      summary: "Remove debug tooling from production builds and keep operations endpoints on an internal port or behind authentication.",
      steps: [
        "Never deploy .env or .git: build images from a clean context (.dockerignore) and serve static files from an explicit directory.",
        "Spring Boot: `management.endpoints.web.exposure.include=health,info` and a separate `management.server.port` reachable only internally.",
        "Disable DEBUG / debug toolbars / consoles in production settings; rotate every secret these pages showed.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => {
    const prefixed = ctx.settings.depth === "deep" && (new URL(ctx.target.url).pathname.replace(/\/+$/, "") || ctx.api?.basePath) ? 2 : 1;
    return 2 + DEBUG_PATHS.filter((r) => r.tier - (r.frameworks?.length ? 1 : 0) <= TIERS[ctx.settings.depth]).length * prefixed;
  },
  async run(ctx) {
    const catchAll = (await baseline(ctx)).filter((b) => b.status >= 200 && b.status < 300);
    // Debug surfaces live at the origin root; deep scans also try them under the API prefix.
    const deep = ctx.settings.depth === "deep";
    const origin = new URL(ctx.target.url).origin;
    const probes = rows(ctx.settings.depth, confidentFramework(ctx)).flatMap((row) =>
      (deep ? candidateUrls(ctx, row.path) : [origin + row.path]).map((url) => ({ row, url })),
    );
    await eachPerSlot(ctx.concurrency, probes, ({ row, url }) => probe(ctx, row, url, catchAll));
  },
});
