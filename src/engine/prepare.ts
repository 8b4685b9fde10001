// discover + plan: parse the target and options, reach the target, load the spec, choose operations and checks.
// Shared by scan() and planScan() (--dry-run), so both see exactly the same plan.
import type { Check, ScanSettings } from "../core/check.js";
import { InputError, TargetError, UsageError } from "../core/errors.js";
import type { ApiModel, Identity, Operation, ScanError, SkippedCheck, SkippedOperation } from "../core/types.js";
import { USER_AGENT } from "../core/version.js";
import { checks as registry } from "../checks/index.js";
import { discoverEndpoints, discoveryAllowance, type DiscoverLevel, type DiscoveredEndpoint } from "../discovery/endpoint-discovery.js";
import { discoverSpec } from "../discovery/spec-discovery.js";
import { parseAuth } from "../http/credentials.js";
import { resolveLogin } from "../auth/login-flow.js";
import { createHttpClient, type RecordingHttpClient } from "../http/client.js";
import { operationSkipReason } from "../http/policy.js";
import { activeTargetRefusal } from "../http/active-target.js";
import { callbackHostSetting } from "../http/callback-listener.js";
import { loadParsedSpec, loadSpec, MAX_SPEC_BYTES, type SpecFetch } from "../spec/index.js";
import { loadSdl } from "../spec/graphql-sdl.js";
import { endpointsToSketches } from "../spec/inputs/endpoints.js";
import { loadPostmanEnvironment } from "../spec/inputs/postman-environment.js";
import { sketchesToOpenApi } from "../spec/inputs/sketch.js";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ScanEvent, ScanHooks } from "./events.js";
import { DEFAULTS, type ScanOptions } from "./options.js";
import { parseTransportFrom, readCa, resolveDbTargets } from "./settings.js";

export interface ParsedTarget {
  url: string;
  host: string;
  port: number;
  protocol: "http:" | "https:";
}

export function parseTarget(raw: string): ParsedTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`invalid target URL '${raw}': expected something like http://127.0.0.1:8000`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new UsageError(`invalid target URL '${raw}': only http:// and https:// are supported`);
  }
  if (u.username || u.password) throw new UsageError("credentials in the target URL are not accepted: use --auth");
  const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
  const url = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  return { url, host: u.hostname.replace(/^\[|\]$/g, ""), port, protocol: u.protocol };
}

/** --graphql as an absolute URL: a path is taken relative to the target's origin; another host is refused. */
function graphqlEndpoint(raw: string, target: ParsedTarget): string {
  let u: URL;
  try {
    u = new URL(raw, `${target.url}/`);
  } catch {
    throw new UsageError(`invalid --graphql '${raw}': expected a URL or a path such as /graphql`);
  }
  if (u.hostname.replace(/^\[|\]$/g, "").toLowerCase() !== target.host.toLowerCase()) {
    throw new UsageError(`--graphql ${raw} is not on the target host ${target.host}`);
  }
  return u.href;
}

function selectChecks(all: readonly Check[], options: ScanOptions): Check[] {
  const match = (id: string, prefixes: string[]) => prefixes.some((p) => id === p || id.startsWith(p));
  return all.filter(
    (c) =>
      (!options.checks?.length || match(c.meta.id, options.checks)) &&
      !(options.excludeChecks?.length && match(c.meta.id, options.excludeChecks)),
  );
}

/** Why a check cannot run in this mode, or null when it may. */
function modeGate(check: Check, mode: ScanSettings["mode"], transport?: ScanSettings["transport"]): string | null {
  if (check.meta.transport && transport?.kind === "terminated-upstream") {
    return "not applicable: transport is terminated upstream (--transport-from terminated-upstream); TLS, HSTS and plaintext are judged where TLS is served, not on this socket";
  }
  if (check.meta.how === "active" && mode !== "active") return "needs --mode active";
  if (check.meta.how === "probe" && mode === "passive") return "sends probes; not run in --mode passive";
  return null;
}

/** Adds the operations of an endpoint list the model does not already have (or builds the model from it). */
async function withEndpoints(api: ApiModel | null, file: string): Promise<ApiModel> {
  let text: string;
  try {
    text = await readFile(path.resolve(process.cwd(), file), "utf8");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new InputError(`--endpoints ${file}: ${code === "ENOENT" ? "file not found" : "cannot be read"}`);
  }
  const doc = sketchesToOpenApi("endpoint list", endpointsToSketches(text, file));
  const listed = await loadParsedSpec(path.resolve(process.cwd(), file), doc, { remoteRefs: false });
  listed.inputKind = "endpoints";
  if (!api) return listed;
  const known = new Set(api.operations.map((o) => o.key));
  return { ...api, operations: [...api.operations, ...listed.operations.filter((o) => !known.has(o.key))] };
}

export interface DiscoverySummary {
  level: DiscoverLevel;
  requests: number;
  allowance: number;
  found: DiscoveredEndpoint[];
}

/** Finds undocumented routes (budgeted, GET only) and turns the ones under the API prefix into operations. */
async function runDiscovery(
  options: ScanOptions,
  http: RecordingHttpClient,
  targetUrl: string,
  api: ApiModel | null,
  basePath: string,
  budget: number,
  identity: string | null,
  dryRun: boolean,
): Promise<{ summary: DiscoverySummary | null; operations: Operation[] }> {
  const level = options.discover ?? "off";
  if (level === "off") return { summary: null, operations: [] };
  // A dry run shows what discovery may spend without sending it.
  if (dryRun) return { summary: { level, requests: 0, allowance: discoveryAllowance(level, budget), found: [] }, operations: [] };
  const targetPath = new URL(targetUrl).pathname.replace(/\/+$/, "");
  const prefix = targetPath || basePath.replace(/\/+$/, "");
  const result = await discoverEndpoints({
    http: http.withSource("discovery"),
    targetUrl,
    basePaths: prefix ? [prefix] : [],
    documented: (api?.operations ?? []).map((o) => o.path),
    level,
    budget,
    identity,
    known: api && /^https?:/i.test(api.source) && new URL(api.source).origin === new URL(targetUrl).origin ? [new URL(api.source).pathname] : [],
  });
  const operations: Operation[] = result.found
    .filter((f) => !prefix || f.path.startsWith(`${prefix}/`))
    .map((f) => {
      const path = prefix ? f.path.slice(prefix.length) : f.path;
      return {
        key: `GET ${path}`,
        method: "GET",
        path,
        tags: ["discovered"],
        deprecated: false,
        parameters: [],
        requestBody: null,
        responses: {},
        security: null,
        servers: [],
        pointer: "",
        discovered: { how: f.how },
      };
    });
  return { summary: { level, requests: result.requests, allowance: result.allowance, found: result.found }, operations };
}

export interface PreparedScan {
  startedAt: Date;
  target: ParsedTarget;
  identities: Identity[];
  defaultIdentity: string | null;
  settings: ScanSettings;
  budget: number;
  timeoutMs: number;
  concurrency: number;
  http: RecordingHttpClient;
  api: ApiModel | null;
  specSource: string | null;
  /** No spec was used because the one found was rejected: `source: reason`. */
  specRejected: string | null;
  /** Spec requests sent without and with credentials. */
  specCredentials: SpecCredentialUse;
  /** Base path prefixed to operation paths (none when the target URL already has a path). */
  basePath: string;
  /** Endpoint discovery: level, requests spent and what was found (null when off). */
  discovery: DiscoverySummary | null;
  operations: Operation[];
  skippedOperations: SkippedOperation[];
  runnable: Check[];
  /** Active mode needs --confirm-target for this target (only a dry run gets this far without it). */
  confirmation: string | null;
  skippedChecks: SkippedCheck[];
  errors: ScanError[];
  emit: (e: ScanEvent) => void;
}

/** How many spec requests went out without and with credentials (a dry run says so). */
export interface SpecCredentialUse {
  anonymous: number;
  authenticated: number;
}

/** Discovery's one deadline: a full request timeout for a slow server, plus a little for the queue. */
function discoveryDeadline(timeoutMs: number): number {
  return timeoutMs + 5000;
}

export async function prepareScan(options: ScanOptions, hooks: ScanHooks, plan: { dryRun?: boolean } = {}): Promise<PreparedScan> {
  const emit = hooks.onProgress ?? (() => {});
  const startedAt = new Date();
  const target = parseTarget(options.target);
  const identities = parseAuth(options.auth ?? [], options.env ?? {});
  const logins = Object.entries(options.logins ?? {}).map(([label, d]) => resolveLogin(label.toLowerCase(), d, options.env ?? {}, target.url));
  // Login identities join the list now (credentials arrive at login), so the default identity is stable.
  for (const l of logins) if (!identities.some((i) => i.label === l.label)) identities.push({ label: l.label, credentials: [] });
  const mode = options.mode ?? DEFAULTS.mode;
  // Active mode outside loopback/private ranges only for a host the user named again; a dry run sends
  // nothing of it and says what a real run needs instead.
  const confirmation =
    mode === "active"
      ? await activeTargetRefusal(target.host, options.confirmTarget ?? [], {
          ...(options.pinnedHosts?.[target.host.toLowerCase()] ? { pinned: options.pinnedHosts[target.host.toLowerCase()] } : {}),
          ...(options.confirmVia ? { surface: options.confirmVia } : {}),
        })
      : null;
  if (confirmation && !plan.dryRun) throw new UsageError(confirmation);
  const settings: ScanSettings = {
    mode,
    depth: options.depth ?? DEFAULTS.depth,
    context: options.context ?? null,
    burst: options.burst ?? DEFAULTS.burst,
    llmPaceMs: options.llmPaceMs ?? DEFAULTS.llmPaceMs,
    includeOperations: options.includeOperations ?? [],
    dbTargets: resolveDbTargets(options, target.host),
    dsns: options.dsn ?? [],
    caPem: readCa(options.ca ?? null),
    callbackHost: callbackHostSetting(options.callbackHost),
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.graphql ? { graphql: { endpoint: graphqlEndpoint(options.graphql, target), sdl: null, sdlSource: null } } : {}),
  };
  const transport = parseTransportFrom(options.transportFrom);
  if (transport) settings.transport = transport;
  const budget = options.budget ?? DEFAULTS.budget;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  let lastReported = 0;
  const http: RecordingHttpClient = createHttpClient({
    baseUrl: target.url,
    mode,
    identities,
    budget,
    ratePerSecond: options.rate ?? DEFAULTS.rate,
    concurrency,
    timeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    userAgent: USER_AGENT,
    includeOperations: settings.includeOperations,
    graphqlEndpoints: settings.graphql?.endpoint ? [settings.graphql.endpoint] : [],
    logins,
    ...(transport?.kind === "from" ? { transportHosts: [transport.host] } : {}),
    ...(options.pinnedHosts ? { pinnedHosts: options.pinnedHosts } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onExchange: (_ex, sent) => {
      if (sent - lastReported >= 5) {
        lastReported = sent;
        emit({ type: "requests", sent, budget });
      }
    },
  });
  const defaultIdentity = identities[0]?.label ?? null;
  const errors: ScanError[] = [];
  emit({ type: "scan-started", target: target.url });
  try {
    emit({ type: "phase", phase: "discover" });
    const discovery = http.withSource("discovery");
    // A dry run sends nothing but what finds the spec: no reachability probe, no login.
    if (!plan.dryRun) {
      const root = await discovery.send({ url: target.url, identity: defaultIdentity });
      if (root.error) throw new TargetError(`cannot reach ${target.url}: ${root.error}`);
      if (!plan.dryRun) await http.login(); // declared identities log in before anything else needs them
      if (transport?.kind === "from") {
        // One answer from where TLS is really served, for the HSTS checks (never with credentials).
        const served = await discovery.send({ url: `${transport.url}/`, identity: null, followRedirects: false });
        if (served.error) errors.push({ phase: "discover", message: `--transport-from ${transport.url} did not answer: ${served.error}` });
      }
    }

    // Spec documents get the file size limit, not the scan's body cap. A dry run asks without
    // credentials first and repeats the request with them only when the server demands it (401/403).
    const specCredentials: SpecCredentialUse = { anonymous: 0, authenticated: 0 };
    const fetchForSpec: SpecFetch = async (url, fetchOptions) => {
      const get = async (identity: string | null) => {
        const ex = await discovery.send({ url, identity, maxBodyBytes: MAX_SPEC_BYTES, ...(fetchOptions?.timeoutMs ? { timeoutMs: Math.min(timeoutMs, fetchOptions.timeoutMs) } : {}) });
        if (ex.error || !ex.response) throw new TargetError(`cannot fetch ${url}: ${ex.error ?? "no response"}`);
        if (identity) specCredentials.authenticated++;
        else specCredentials.anonymous++;
        return ex.response;
      };
      let res = await get(plan.dryRun ? null : defaultIdentity);
      if (plan.dryRun && defaultIdentity && (res.status === 401 || res.status === 403)) res = await get(defaultIdentity);
      return { status: res.status, body: res.body, contentType: res.contentType, truncated: res.truncated };
    };
    let api: ApiModel | null = null;
    let specSource: string | null = null;
    let specRejected: string | null = null;
    const sdl = options.spec ? await loadSdl(options.spec, { fetch: fetchForSpec, cwd: process.cwd() }) : null;
    if (sdl) {
      // A GraphQL schema: no REST operations; the GraphQL checks build their queries from it.
      settings.graphql = { endpoint: settings.graphql?.endpoint ?? null, sdl: sdl.text, sdlSource: sdl.source };
      specSource = sdl.source;
    } else if (options.spec) {
      const postmanVariables = options.postmanEnvironment ? await loadPostmanEnvironment(options.postmanEnvironment) : undefined;
      api = await loadSpec(options.spec, { fetch: fetchForSpec, cwd: process.cwd(), postmanVariables });
      specSource = api.source;
      if (postmanVariables && api.inputKind !== "postman") {
        errors.push({ phase: "spec", message: `--postman-env ${options.postmanEnvironment} ignored: ${options.spec} is not a Postman collection` });
      }
    } else if (options.discoverSpec !== false) {
      const found = await discoverSpec(fetchForSpec, target.url, { deadlineMs: discoveryDeadline(timeoutMs) });
      if (found.found) {
        api = found.found.model;
        specSource = found.found.source;
      }
      for (const r of found.rejected) errors.push({ phase: "discover", message: `specification at ${r.source} rejected: ${r.reason}` });
      if (!found.found && found.rejected[0]) specRejected = `${found.rejected[0].source}: ${found.rejected[0].reason}`;
      if (!found.found && found.unanswered > 0) {
        errors.push({
          phase: "discover",
          message: `spec discovery: ${found.unanswered} of the well-known locations did not answer within its ${Math.round(found.deadlineMs / 1000)} s deadline (pass --spec to name the document)`,
        });
      }
    }
    if (options.endpoints) api = await withEndpoints(api, options.endpoints);
    if (!specSource && api) specSource = api.source;
    for (const w of api?.warnings.slice(0, 20) ?? []) errors.push({ phase: "spec", message: w });

    emit({ type: "phase", phase: "plan" });
    const skippedOperations: SkippedOperation[] = [];
    const operations: Operation[] = [];
    for (const op of api?.operations ?? []) {
      const reason = operationSkipReason(op, mode, settings.includeOperations);
      if (reason) skippedOperations.push({ method: op.method, path: op.path, reason });
      else operations.push(op);
    }
    const basePathEarly = api && !new URL(target.url).pathname.replace(/\/$/, "") ? api.basePath : "";
    const found = await runDiscovery(options, http, target.url, api, basePathEarly, budget, defaultIdentity, plan.dryRun ?? false);
    operations.push(...found.operations);
    emit({ type: "operations-planned", count: operations.length, skipped: skippedOperations.length });

    const runnable: Check[] = [];
    const skippedChecks: SkippedCheck[] = [];
    for (const check of selectChecks(registry, options)) {
      const gate = modeGate(check, mode, settings.transport);
      if (gate) {
        skippedChecks.push({ checkId: check.meta.id, reason: gate });
        emit({ type: "check-skipped", checkId: check.meta.id, reason: gate });
      } else runnable.push(check);
    }
    const basePath = api && !new URL(target.url).pathname.replace(/\/$/, "") ? api.basePath : "";
    // The client also refuses concrete URLs of operations flagged only by operationId/summary.
    if (api) http.guardOperations(api.operations, basePath);
    return {
      startedAt,
      target,
      identities,
      defaultIdentity,
      settings,
      budget,
      timeoutMs,
      concurrency,
      http,
      api,
      specSource,
      specRejected,
      specCredentials,
      basePath,
      discovery: found.summary,
      operations,
      skippedOperations,
      runnable,
      confirmation,
      skippedChecks,
      errors,
      emit,
    };
  } catch (e) {
    await http.close();
    throw e;
  }
}
