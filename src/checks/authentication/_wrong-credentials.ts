// Wrong credentials of the right shape for an operation's security requirement: the scheme's slot
// (bearer, API key header/query/cookie, basic) filled with a random value shaped like the real one.
import type { HttpRequestInput } from "../../core/check.js";
import type { ApiModel, Credential, Identity, Operation, ReproduceVariable, SecurityRequirement, SecurityScheme } from "../../core/types.js";
import { placeholderFor } from "../../http/redact.js";
import { randomBasic, randomLike } from "../../jwt/index.js";

export type Override = NonNullable<HttpRequestInput["credentialsOverride"]>[number];

const DEFAULT_TOKEN = "Zq4mT8vR2xW7nK3pL9sB6cF1hJ5dG0yA";
const DEFAULT_KEY = "3f9a7c2e5b8d1f4a6c0e9b2d7f5a8c1e";

function supplied(identities: readonly Identity[], kind: Credential["kind"], name: string): Credential | undefined {
  const lower = name.toLowerCase();
  for (const id of identities) {
    const c = id.credentials.find((x) => x.kind === kind && (kind === "bearer" || kind === "basic" || x.name.toLowerCase() === lower));
    if (c) return c;
  }
  return undefined;
}

/** The slot a scheme occupies, or null for schemes Rampart cannot fill (mutual TLS, digest …). */
export function slotOf(scheme: SecurityScheme): { kind: Credential["kind"]; name: string } | null {
  const type = scheme.type.toLowerCase();
  const http = (scheme.scheme ?? "").toLowerCase();
  if (type === "basic" || (type === "http" && http === "basic")) return { kind: "basic", name: "Authorization" };
  if ((type === "http" && http === "bearer") || type === "oauth2" || type === "openidconnect") return { kind: "bearer", name: "Authorization" };
  if (type === "apikey" && scheme.name && (scheme.in === "header" || scheme.in === "query" || scheme.in === "cookie")) {
    if (scheme.in === "header" && scheme.name.toLowerCase() === "authorization") return { kind: "header", name: "Authorization" };
    return { kind: scheme.in, name: scheme.name };
  }
  return null;
}

function wrongValue(kind: Credential["kind"], real: Credential | undefined, scheme: SecurityScheme): string {
  if (kind === "basic") return randomBasic();
  if (real) return randomLike(real.value);
  if (kind === "bearer") return /jwt/i.test(scheme.bearerFormat ?? "") ? randomLike("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.Zq4mT8vR2xW7nK3pL9sB6cF1hJ5dG0yAxE3") : randomLike(DEFAULT_TOKEN);
  return randomLike(DEFAULT_KEY);
}

/** The requirement alternative to fake: one the supplied identities can fill, else the first. */
function chooseRequirement(op: Operation, api: ApiModel, identities: readonly Identity[]): SecurityRequirement | null {
  const alternatives = (op.security ?? []).filter((r) => Object.keys(r).length > 0);
  const fillable = (r: SecurityRequirement) =>
    Object.keys(r).every((name) => {
      const scheme = api.securitySchemes[name];
      const slot = scheme ? slotOf(scheme) : null;
      return slot !== null && supplied(identities, slot.kind, slot.name) !== undefined;
    });
  return alternatives.find(fillable) ?? alternatives[0] ?? null;
}

/** Reproduce lines name the random value: any wrong value of the slot reproduces the finding. */
function wrongVariable(slot: { kind: Credential["kind"]; name: string }): ReproduceVariable {
  const variable = placeholderFor(slot, "wrong").slice(1);
  const value = slot.kind === "basic" ? "rampart-nobody:wrong-password" : "rampart-wrong-credential";
  return { variable, holds: "any wrong credential (Rampart sent a random one shaped like the real one)", set: `export ${variable}="${value}"` };
}

/** Random credentials for every scheme of the requirement, or null when one cannot be faked. */
export function wrongCredentials(op: Operation, api: ApiModel | null, identities: readonly Identity[]): { overrides: Override[]; schemes: string[] } | null {
  if (!api) return null;
  const requirement = chooseRequirement(op, api, identities);
  if (!requirement) return null;
  const overrides: Override[] = [];
  const schemes: string[] = [];
  for (const name of Object.keys(requirement)) {
    const scheme = api.securitySchemes[name];
    const slot = scheme ? slotOf(scheme) : null;
    if (!scheme || !slot) return null;
    overrides.push({ ...slot, value: wrongValue(slot.kind, supplied(identities, slot.kind, slot.name), scheme), as: wrongVariable(slot) });
    schemes.push(`${name} (${slot.kind === "bearer" || slot.kind === "basic" ? slot.kind : `${slot.kind} ${slot.name}`})`);
  }
  return overrides.length > 0 ? { overrides, schemes } : null;
}
