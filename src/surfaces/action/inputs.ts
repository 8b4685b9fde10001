// The Action's inputs, read from the INPUT_* variables the runner sets (upper-cased names, hyphens kept).
// Each bad value is a UsageError with a one-line message naming the input.
import { UsageError } from "../../core/errors.js";
import { CONTEXTS, DEPTHS, MODES, SEVERITIES } from "../../core/types.js";
import type { Depth, Grade, Mode, ScanContext, Severity } from "../../core/types.js";
import { credentialProblem } from "../../config/credentials.js";
import { parseCallbackHost } from "../../http/callback-listener.js";
import type { Format } from "../../report/renderers/index.js";
import { parseFormats } from "../report-files.js";

export interface ActionInputs {
  url?: string;
  spec?: string;
  /** `--auth` values, each an env: reference (optionally `@label=`). */
  auth: string[];
  mode?: Mode;
  depth?: Depth;
  context?: ScanContext;
  threshold?: number | Grade;
  failOn?: Severity;
  formats: Format[];
  baseline?: string;
  config?: string;
  /** PEM file of extra trusted CA certificates (self-signed test deployments). */
  ca?: string;
  /** Where the API's TLS is served (`https://…`), or `terminated-upstream`. */
  transportFrom?: string;
  /** Hosts confirmed for `mode: active` outside loopback/private ranges (`--confirm-target`). */
  confirmTarget: string[];
  /** `host[:port]` the target can reach the runner at (`--callback-host`), for probes that make it fetch from us. */
  callbackHost?: string;
  outputDir: string;
  comment: boolean;
  githubToken?: string;
}

type Env = Record<string, string | undefined>;

/** Every input this module reads; action.yml declares exactly these (a test keeps them in step). */
export const ACTION_INPUT_NAMES = [
  "url", "spec", "auth", "mode", "depth", "context", "threshold", "fail-on", "formats",
  "baseline", "config", "ca", "transport-from", "confirm-target", "callback-host", "output-dir", "comment", "github-token",
] as const;

/** The runner's spelling: `fail-on` → `INPUT_FAIL-ON`. */
export function input(env: Env, name: string): string | undefined {
  const v = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const v = input(env, name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`input ${name} must be one of ${allowed.join(", ")} (got '${v}')`);
  return v as T;
}

function threshold(env: Env): number | Grade | undefined {
  const v = input(env, "threshold")?.toUpperCase();
  if (v === undefined) return undefined;
  if (/^[ABCDF]$/.test(v)) return v as Grade;
  if (/^\d{1,3}$/.test(v) && Number(v) <= 100) return Number(v);
  throw new UsageError(`input threshold must be a score 0-100 or a grade A-F (got '${v}')`);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = input(env, name)?.toLowerCase();
  if (v === undefined) return fallback;
  if (["true", "yes", "on", "1"].includes(v)) return true;
  if (["false", "no", "off", "0"].includes(v)) return false;
  throw new UsageError(`input ${name} must be true or false (got '${v}')`);
}

/** One credential per line; blank lines and `#` comments ignored; only env: references accepted. */
export function authLines(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  lines.forEach((line, i) => {
    const problem = credentialProblem(line, { allowLabel: true });
    if (problem) throw new UsageError(`input auth line ${i + 1}: ${problem} (map the secret to an env: variable of the step)`);
  });
  return lines;
}

/** Host names separated by commas, spaces or lines; a URL or a path is a mistake worth one line. */
export function hostList(text: string | undefined, name: string): string[] {
  const hosts = (text ?? "").split(/[\s,]+/).filter(Boolean);
  for (const h of hosts) if (!/^[A-Za-z0-9.:[\]-]+$/.test(h)) throw new UsageError(`input ${name} takes host names, e.g. staging.example.com (got '${h.slice(0, 80)}')`);
  return hosts;
}

/** `callback-host`, checked by the CLI flag's rule, the message naming the input. */
function callbackHost(env: Env): string | undefined {
  const v = input(env, "callback-host");
  if (v !== undefined) parseCallbackHost(v, "input callback-host");
  return v;
}

export function readInputs(env: Env): ActionInputs {
  const url = input(env, "url");
  if (url !== undefined && !/^https?:\/\//i.test(url)) throw new UsageError(`input url must be an http(s) URL (got '${url}')`);
  const formats = parseFormats(input(env, "formats"), "json");
  // The outputs name a JSON report and a SARIF file: both are always written.
  for (const f of ["json", "sarif"] as const) if (!formats.includes(f)) formats.push(f);
  const out: ActionInputs = {
    auth: authLines(env["INPUT_AUTH"]),
    confirmTarget: hostList(input(env, "confirm-target"), "confirm-target"),
    formats,
    outputDir: input(env, "output-dir") ?? "rampart-results",
    comment: bool(env, "comment", false),
  };
  const set = <K extends keyof ActionInputs>(k: K, v: ActionInputs[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("url", url);
  set("spec", input(env, "spec"));
  set("mode", oneOf(env, "mode", MODES));
  set("depth", oneOf(env, "depth", DEPTHS));
  set("context", oneOf(env, "context", CONTEXTS));
  set("threshold", threshold(env));
  set("failOn", oneOf(env, "fail-on", SEVERITIES));
  set("baseline", input(env, "baseline"));
  set("config", input(env, "config"));
  set("ca", input(env, "ca"));
  set("transportFrom", input(env, "transport-from"));
  set("callbackHost", callbackHost(env));
  set("githubToken", input(env, "github-token"));
  return out;
}
