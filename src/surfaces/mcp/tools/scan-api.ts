// scan_api: runs a scan with the engine, reports progress, stores the result, returns a concise view.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { InputError, RampartError, oneLine } from "../../../core/errors.js";
import { CONTEXTS, DEPTHS, MODES } from "../../../core/types.js";
import type { ScanOptions } from "../../../engine/options.js";
import { AUTH_REF_FORMS, checkAuthRefs } from "../auth-refs.js";
import { loginDeclarationSchema, type LoginDeclarations } from "../../../auth/declaration.js";
import { configError } from "../../../config/issues.js";
import { parseCallbackHost } from "../../../http/callback-listener.js";
import type { McpDeps } from "../deps.js";
import { scanProgress } from "../progress.js";
import { guarded, ok } from "../result.js";
import { scanText, scanView, scanViewShape } from "../scan-view.js";

const inputShape = {
  url: z.string().describe("Base URL of the API to scan, e.g. http://127.0.0.1:8000"),
  spec: z.string().optional().describe("URL or absolute file path of its OpenAPI/Swagger document (default: well-known locations)"),
  auth: z
    .array(z.string())
    .max(8)
    .optional()
    .describe(`Credentials as environment references only (${AUTH_REF_FORMS}). Two @labelled identities enable cross-user tests.`),
  logins: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "Identities that log in, label → { login: { request: 'POST /auth/login', json|form: {…}, token: 'body:/access_token' | 'header:Name' | 'cookie:name', send: 'bearer' | 'header:Name' | 'cookie:name' } } " +
        "or { oauth2: { tokenUrl, grant: client_credentials|password, clientId, clientSecret: 'env:VAR', username, password: 'env:VAR', scope } }; secrets as env:VAR only",
    ),
  discover: z.enum(["off", "standard", "deep"]).optional().describe("look for live routes the description leaves out: off | standard (default) | deep; GET only, a share of the budget"),
  mode: z.enum(MODES).optional().describe("passive | safe (default: read-only GET/HEAD/OPTIONS/TRACE) | active (state-changing requests)"),
  confirmTarget: z
    .array(z.string().max(253))
    .max(4)
    .optional()
    .describe("With mode active: host names confirmed for a target outside loopback/private ranges (as --confirm-target); without it such a target is refused before anything is sent"),
  callbackHost: z
    .string()
    .max(260)
    .optional()
    .describe("With mode active: host[:port] the target can reach this machine at (as --callback-host), for probes that make it fetch from the scanner (a JWT jku key set or x5u certificate); loopback targets need none"),
  depth: z.enum(DEPTHS).optional().describe("quick | standard (default) | deep"),
  context: z.enum(CONTEXTS).optional().describe("financial | medical raise data-exposure severities; public lowers docs findings"),
};

const CANCELLED = "cancelled by the client";

function checkUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new InputError(`url "${trimmed}" is not an absolute URL; give one like http://127.0.0.1:8000`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new InputError(`url must use http or https (got ${parsed.protocol})`);
  }
  return trimmed;
}

/** Same rules as `.rampart.yml` identities: literal secrets are refused before anything is sent. */
function parseLogins(raw: Record<string, unknown>): LoginDeclarations {
  const out: LoginDeclarations = {};
  for (const [label, value] of Object.entries(raw)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(label)) throw new InputError(`logins: label "${label.slice(0, 40)}" must use letters, digits, '-' or '_'`);
    const parsed = loginDeclarationSchema.safeParse(value);
    if (!parsed.success) throw configError(`logins.${label}`, parsed.error.issues);
    out[label] = parsed.data;
  }
  return out;
}

export function registerScanApi(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    "scan_api",
    {
      title: "Scan an API",
      description:
        "Scan an HTTP API (and its OpenAPI document) for security problems with Rampart, locally. Returns an A-F grade, " +
        "a 0-100 score, per-category scores and findings (check id, severity, operation, evidence, fix). " +
        "Safe mode (default) only sends read-only requests. The scan is stored: get_scan, diff_scans and explain_finding use it.",
      inputSchema: inputShape,
      outputSchema: scanViewShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args, extra) =>
      guarded("scan_api", deps.log, async () => {
        const target = checkUrl(args.url);
        if (args.auth?.length) checkAuthRefs(args.auth, deps.env);
        const options: ScanOptions = { target, env: deps.env };
        if (args.spec?.trim()) options.spec = args.spec.trim();
        if (args.auth?.length) options.auth = args.auth.map((a) => a.trim());
        if (args.logins && Object.keys(args.logins).length) options.logins = parseLogins(args.logins);
        if (args.mode) options.mode = args.mode;
        if (args.confirmTarget?.length) options.confirmTarget = args.confirmTarget.map((h) => h.trim()).filter(Boolean);
        if (args.callbackHost?.trim()) {
          parseCallbackHost(args.callbackHost, "callbackHost"); // the tool names its own argument in the error
          options.callbackHost = args.callbackHost.trim();
        }
        options.confirmVia = "mcp";
        options.discover = args.discover ?? "standard";
        if (args.depth) options.depth = args.depth;
        if (args.context) options.context = args.context;

        const store = deps.store();
        const provisional = store.beginScan({
          target,
          specUrl: options.spec ?? null,
          options: { ...options },
          pid: process.pid,
        });
        const token = extra._meta?.progressToken;
        const onProgress = scanProgress(
          token === undefined
            ? null
            : {
                progressToken: token,
                send: (params) => extra.sendNotification({ method: "notifications/progress", params }),
              },
          (e) => deps.log(`progress notification failed: ${oneLine(e)}`),
        );
        let report;
        try {
          report = await deps.scan(options, { onProgress, signal: extra.signal });
        } catch (e) {
          store.failScan(provisional, extra.signal.aborted ? CANCELLED : oneLine(e));
          throw e;
        }
        // A cancelled scan may still return what it saw; partial results are not a completed scan.
        if (extra.signal.aborted) {
          store.failScan(provisional, CANCELLED);
          throw new RampartError("INTERNAL", CANCELLED);
        }
        const view = scanView(store.completeScan(report, provisional));
        return ok(scanText(view), view);
      }),
  );
}
