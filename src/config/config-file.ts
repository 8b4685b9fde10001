// `.rampart.yml`: scan settings a repository keeps beside its code. Strict: an unknown key is an error that
// names it; credentials may only be `env:` references, so no secret is ever committed in the file.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { CONTEXTS, DEPTHS, MODES, SEVERITIES } from "../core/types.js";
import { FORMATS } from "../report/renderers/index.js";
import { ignoreEntrySchema } from "./baseline.js";
import { parseYaml } from "./baseline-file.js";
import { configError } from "./issues.js";
import { credentialProblem } from "./credentials.js";
import { loginDeclarationSchema, type LoginDeclarations } from "../auth/declaration.js";
import { parseCallbackHost } from "../http/callback-listener.js";

export const CONFIG_FILE_NAMES = [".rampart.yml", ".rampart.yaml"] as const;

const THRESHOLD_RULE = "threshold must be a score 0-100 or a grade A-F";
const threshold = z.union([z.number(), z.string()], { message: THRESHOLD_RULE }).transform((v, ctx) => {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100) return v;
  const grade = typeof v === "string" ? v.trim().toUpperCase() : "";
  if (grade === "A" || grade === "B" || grade === "C" || grade === "D" || grade === "F") return grade;
  ctx.addIssue({ code: "custom", message: THRESHOLD_RULE });
  return z.NEVER;
});

const formats = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(FORMATS, { message: `formats must be among ${FORMATS.join(", ")}` })).min(1));

const RATE_RULE = "rate must look like 20/s or 20 (at most 10000)";
const rate = z.union([z.number(), z.string()], { message: RATE_RULE }).transform((v, ctx) => {
  const n = typeof v === "number" ? v : /^\d+(?:\.\d+)?(?:\/s)?$/.test(v.trim()) ? Number(v.trim().replace("/s", "")) : NaN;
  if (n > 0 && n <= 10_000) return n;
  ctx.addIssue({ code: "custom", message: RATE_RULE });
  return z.NEVER;
});

const credential = z.string().superRefine((value, ctx) => {
  const problem = credentialProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

// The same rule as --callback-host, the message naming the key.
const callbackHost = z.string().transform((value, ctx) => {
  try {
    parseCallbackHost(value, "callbackHost");
    return value.trim();
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
    return z.NEVER;
  }
});

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export const configSchema = z
  .object({
    version: z.literal(1).optional(),
    target: z.url({ protocol: /^https?$/, message: "target must be an http(s) URL" }).optional(),
    spec: z.string().min(1).optional(),
    endpoints: z.string().min(1).optional(),
    postmanEnvironment: z.string().min(1).optional(),
    discover: z.enum(["off", "standard", "deep"]).optional(),
    mode: z.enum(MODES).optional(),
    depth: z.enum(DEPTHS).optional(),
    context: z.enum(CONTEXTS).optional(),
    threshold: threshold.optional(),
    failOn: z.enum(SEVERITIES).optional(),
    formats: formats.optional(),
    outputDir: z.string().min(1).optional(),
    rate: rate.optional(),
    budget: z.number().int().min(1).max(1_000_000).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    timeout: z.number().int().min(100).max(600_000).optional(),
    /** label → credential(s), or a `login:` / `oauth2:` flow; `default` is the unlabelled identity. */
    identities: z
      .record(
        z.string().regex(LABEL, "identity labels use letters, digits, '-' or '_'"),
        z.union([credential, z.array(credential).min(1), loginDeclarationSchema]),
      )
      .optional(),
    ignore: z.array(ignoreEntrySchema).optional(),
    /** Where the API's TLS is really served (a local target behind a TLS-terminating proxy). */
    transportFrom: z.url({ protocol: /^https$/, message: "transportFrom must be the https:// URL where the API's TLS is served" }).optional(),
    /** `host[:port]` the target can reach the scanner at (active probes that make it fetch from us). */
    callbackHost: callbackHost.optional(),
    /** `terminated-upstream`: TLS ends before this target; transport checks are not applicable. */
    transport: z.literal("terminated-upstream", { message: "transport may only be terminated-upstream (or give transportFrom: https://…)" }).optional(),
  })
  .strict()
  .refine((c) => !(c.transport && c.transportFrom), { message: "give either transport: terminated-upstream or transportFrom, not both" });

export type RampartConfig = z.output<typeof configSchema>;

export interface LoadedConfig {
  /** Absolute path of the file read, or null when there is none. */
  path: string | null;
  config: RampartConfig;
}

export function parseConfig(text: string, source: string): RampartConfig {
  const data = parseYaml(text, source) ?? {};
  if (typeof data !== "object" || Array.isArray(data)) throw new InputError(`${source}: expected a mapping of settings`);
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw configError(source, parsed.error.issues);
  return parsed.data;
}

/** Reads `explicitPath` (must exist) or the first `.rampart.yml`/`.rampart.yaml` in `cwd` (may be absent). */
export function loadConfig(cwd: string, explicitPath?: string | null): LoadedConfig {
  let file: string | null = null;
  if (explicitPath) {
    file = path.resolve(cwd, explicitPath);
    if (!existsSync(file)) throw new InputError(`config file ${explicitPath} not found`);
  } else {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(cwd, name);
      if (existsSync(candidate)) {
        file = candidate;
        break;
      }
    }
  }
  if (!file) return { path: null, config: {} };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InputError(`cannot read config file ${file}`);
  }
  return { path: file, config: parseConfig(text, path.relative(cwd, file) || file) };
}

/** `identities` as `--auth` values (`@label=` prefix except for `default`). */
export function identitiesToAuth(identities: RampartConfig["identities"]): string[] {
  if (!identities) return [];
  return Object.entries(identities).flatMap(([label, creds]) =>
    typeof creds === "object" && !Array.isArray(creds)
      ? []
      : (Array.isArray(creds) ? creds : [creds]).map((c) => (label === "default" ? c.trim() : `@${label}=${c.trim()}`)),
  );
}

/** The identities that log in (`login:` or `oauth2:`), label → declaration. */
export function identitiesToLogins(identities: RampartConfig["identities"]): LoginDeclarations {
  const out: LoginDeclarations = {};
  for (const [label, value] of Object.entries(identities ?? {})) {
    if (typeof value === "object" && !Array.isArray(value)) out[label] = value;
  }
  return out;
}
