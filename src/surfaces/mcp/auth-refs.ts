// scan_api takes credentials only as environment references: a secret typed into a conversation would
// end up in the client's transcript, so literal values are refused before anything is sent.
import { InputError } from "../../core/errors.js";

type Env = Record<string, string | undefined>;

const VAR = "[A-Za-z_][A-Za-z0-9_]*";
const LABEL = "(?:@[A-Za-z0-9][A-Za-z0-9_-]{0,31}=)?";
/** Every accepted shape; the parts that are secrets are env references. */
const ACCEPTED: readonly RegExp[] = [
  new RegExp(`^${LABEL}env:(${VAR})$`),
  new RegExp(`^${LABEL}bearer:env:(${VAR})$`, "i"),
  new RegExp(`^${LABEL}basic:env:(${VAR})$`, "i"),
  new RegExp(`^${LABEL}basic:env:(${VAR}):env:(${VAR})$`, "i"),
  // A user name is not a secret; its password still has to come from the environment.
  new RegExp(`^${LABEL}basic:[^:]+:env:(${VAR})$`, "i"),
  new RegExp(`^${LABEL}(?:header|query|cookie):[^=]+=env:(${VAR})$`, "i"),
];

export const AUTH_REF_FORMS =
  "bearer:env:VAR, header:Name=env:VAR, query:name=env:VAR, cookie:name=env:VAR, basic:env:VAR (user:pass), " +
  "basic:user:env:VAR or env:VAR (a whole credential), optionally prefixed with @label=";

/** Checks every value is an env reference whose variable is set; returns the variable names used. */
export function checkAuthRefs(values: readonly string[], env: Env): string[] {
  const names: string[] = [];
  values.forEach((raw, index) => {
    const value = raw.trim();
    const match = ACCEPTED.map((re) => re.exec(value)).find((m) => m !== null);
    if (!match) {
      throw new InputError(
        `auth[${index}] is not an environment reference: literal secrets are refused so they never pass through the conversation; ` +
          `put the secret in an environment variable of the MCP server and use one of ${AUTH_REF_FORMS}`,
      );
    }
    for (const name of match.slice(1)) {
      if (!name) continue;
      if (!env[name]) {
        throw new InputError(
          `auth[${index}] references environment variable ${name}, which is not set (or empty) in the Rampart MCP server's environment; ` +
            "add it to the server's env in the MCP client configuration",
        );
      }
      names.push(name);
    }
  });
  return names;
}
