// Credentials kept in files (`.rampart.yml`, workflow inputs) must be `env:` references: a literal secret
// there would be committed to the repository. Messages never repeat the value.

const VAR = "[A-Za-z_][A-Za-z0-9_]*";
const ENV = `env:${VAR}`;
const LABEL = /^@[A-Za-z0-9][A-Za-z0-9_-]{0,31}=/;

/** Credential shapes whose secret part is an environment reference. */
const ENV_ONLY: readonly RegExp[] = [
  new RegExp(`^${ENV}$`),
  new RegExp(`^bearer:${ENV}$`, "i"),
  new RegExp(`^(?:header|cookie|query):[^=\\s]+=${ENV}$`, "i"),
  new RegExp(`^basic:${ENV}$`, "i"),
  new RegExp(`^basic:(?:${ENV}|[^:\\s]+):${ENV}$`, "i"),
];

const KIND = /^(bearer|header|cookie|query|basic):/i;

export const ENV_CREDENTIAL_FORMS =
  "bearer:env:VAR, header:<Name>=env:VAR, query:<name>=env:VAR, cookie:<name>=env:VAR, basic:<user>:env:VAR or env:VAR";

/** null when the credential is an env-only reference; otherwise why it is refused. */
export function credentialProblem(value: string, opts: { allowLabel?: boolean } = {}): string | null {
  let spec = value.trim();
  if (LABEL.test(spec)) {
    if (!opts.allowLabel) return "name the identity with its key, not with an @label= prefix";
    spec = spec.replace(LABEL, "");
  }
  if (ENV_ONLY.some((re) => re.test(spec))) return null;
  if (!KIND.test(spec) && !/^env:/.test(spec)) return `unknown credential form; use ${ENV_CREDENTIAL_FORMS}`;
  return `credentials must be env: references, not literal secrets; use ${ENV_CREDENTIAL_FORMS}`;
}
