// remediationFor(checkId, stack): the fix in the stack's idiom when the framework and/or database are
// known, the generic advice otherwise. Which idioms a check needs is the CHECK_TOPICS table below.
import { DB_SERVER_TLS } from "./db-server.js";
import { FRAMEWORK_IDIOMS } from "./frameworks/index.js";
import { FALLBACK_ADVICE, GENERIC_ADVICE, type GenericAdvice } from "./generic.js";
import { DB_GROUP, DB_VARS, DEFAULT_DB, fillTemplate, normaliseDatabase, normaliseFramework } from "./stacks.js";
import type { Database, Remediation, Snippet, Stack, StackIdioms } from "./types.js";

export type { Database, Framework, Remediation, Stack } from "./types.js";
export { DATABASES, FRAMEWORKS } from "./types.js";
export { normaliseDatabase, normaliseFramework } from "./stacks.js";

export type FrameworkTopic = Exclude<keyof StackIdioms, "label">;

interface TopicRow {
  /** A check id, or an id prefix ending in '-' or '.'. */
  match: string;
  /** Framework idioms to show, in order. */
  framework: FrameworkTopic[];
  /** Show the database server's hardening (needs a known database). */
  dbServer?: boolean;
  /** The server's hardening is the fix itself: its summary and steps come first. */
  serverFirst?: boolean;
  /** The check is about this database whatever the fingerprint says. */
  database?: Database;
}

export const CHECK_TOPICS: readonly TopicRow[] = [
  { match: "encryption.db-dsn-insecure-sslmode", framework: ["dbTls"] },
  { match: "encryption.db-plaintext-accepted", framework: ["dbTls"], dbServer: true, serverFirst: true },
  { match: "encryption.db-tls-unsupported", framework: ["dbTls"], dbServer: true, serverFirst: true },
  { match: "encryption.db-cert-", framework: ["dbTls"], dbServer: true },
  { match: "encryption.db-tls", framework: [], dbServer: true },
  { match: "encryption.cockroach-insecure-mode", framework: ["dbTls"], dbServer: true, serverFirst: true, database: "cockroachdb" },
  { match: "encryption.db-dsn-exposed", framework: ["hideSecrets", "secretStore"] },
  { match: "encryption.key-material-exposed", framework: ["secretStore", "hideSecrets"] },
  { match: "encryption.weak-password-hash-exposed", framework: ["passwordHash"] },
  { match: "encryption.hsts-", framework: ["hsts"] },
  { match: "encryption.https-unavailable", framework: ["tlsServer", "httpsRedirect"] },
  { match: "encryption.http-not-redirected", framework: ["httpsRedirect", "hsts"] },
  { match: "encryption.http-redirect-insecure", framework: ["httpsRedirect"] },
  { match: "encryption.credentials-over-plaintext", framework: ["httpsRedirect", "hsts"] },
  { match: "encryption.cookie-insecure", framework: ["cookies"] },
  { match: "encryption.mixed-content", framework: ["proxyHeaders"] },
  { match: "encryption.tls", framework: ["tlsServer"] },
  { match: "dataExposure.secret-key", framework: ["secretStore", "hideSecrets"] },
  { match: "inputValidation.verbose-errors", framework: ["hideSecrets"] },
  { match: "inputValidation.debug-endpoint-exposed", framework: ["hideSecrets"] },
  { match: "dataExposure.stack-trace", framework: ["hideSecrets"] },
  // Active mode's confirmed flaws.
  { match: "inputValidation.sql-injection", framework: ["sqlParameters"] },
  { match: "inputValidation.nosql-injection", framework: ["nosqlOperators"] },
  { match: "inputValidation.command-injection", framework: ["commandArguments"] },
  { match: "inputValidation.template-injection", framework: ["templateData"] },
  { match: "inputValidation.path-traversal", framework: ["pathConfinement"] },
  { match: "inputValidation.xxe", framework: ["xmlParsing"] },
  { match: "inputValidation.crlf-injection", framework: ["headerValues"] },
  { match: "bolaAuthorization.cross-identity-write", framework: ["ownerScopedWrites"] },
  { match: "bflaAuthorization.role-escalation", framework: ["roleGuards"] },
  { match: "authentication.unauthenticated-write", framework: ["authenticatedWrites"] },
  { match: "propertyAuthorization.mass-assignment-confirmed", framework: ["inputAllowList"] },
  { match: "authentication.brute-force-unlimited", framework: ["loginThrottling"] },
  { match: "authentication.user-enumeration", framework: ["uniformAuthAnswers"] },
  { match: "authentication.jwt-key-confusion", framework: ["jwtVerification"] },
  { match: "authentication.jwt-header-key-injection", framework: ["jwtVerification"] },
];

function topicFor(checkId: string): TopicRow | undefined {
  return CHECK_TOPICS.find((r) => r.match === checkId || (/[-.]$|tls$/.test(r.match) && checkId.startsWith(r.match)));
}

/** `encryption.db-cert-expired` → the advice of `encryption.cert-expired`; `db-tls-weak-cipher` → `tls-weak-cipher`.
 *  Checks the table has no row for use their own advice (`own`, from the check's meta) when given. */
function genericFor(checkId: string, own?: GenericAdvice) {
  const base = checkId.replace(/^encryption\.db-cert-/, "encryption.cert-").replace(/^encryption\.db-tls/, "encryption.tls");
  return GENERIC_ADVICE[checkId] ?? GENERIC_ADVICE[base] ?? own ?? FALLBACK_ADVICE;
}

function frameworkSnippet(idioms: StackIdioms, topic: FrameworkTopic, db: Database): Snippet | null {
  if (topic === "dbTls") return idioms.dbTls[DB_GROUP[db]];
  return idioms[topic];
}

/** The fix for `checkId` on `stack`; `own` is the check's own advice, used where the table has no generic row. */
export function remediationFor(checkId: string, stack: Stack, own?: GenericAdvice): Remediation {
  const generic = genericFor(checkId, own);
  const row = topicFor(checkId);
  const framework = normaliseFramework(stack.framework);
  const knownDb = row?.database ?? normaliseDatabase(stack.database);
  const db = knownDb ?? DEFAULT_DB;
  const vars = DB_VARS[db];
  const server = row?.dbServer && knownDb ? DB_SERVER_TLS[knownDb] : null;
  const idioms = framework ? FRAMEWORK_IDIOMS[framework] : null;
  const picked = idioms && row ? row.framework.flatMap((topic) => {
    const snippet = frameworkSnippet(idioms, topic, db);
    return snippet ? [{ topic, snippet }] : [];
  }) : [];
  const snippets = picked.map((p) => p.snippet);

  const serverFirst = Boolean(server && row?.serverFirst);
  const summary = (serverFirst ? server?.summary : undefined) ?? snippets.find((s) => s.summary)?.summary ?? generic.summary;
  const steps = dedupe(
    serverFirst
      ? [...(server?.steps ?? []), ...snippets.flatMap((s) => s.steps), ...generic.steps]
      : [...generic.steps, ...(server?.steps ?? []), ...snippets.flatMap((s) => s.steps)],
  );
  const codeParts: string[] = [];
  if (server) codeParts.push(snippets.length ? `── ${vars.product} server ──\n${server.code}` : server.code);
  for (const { topic, snippet } of picked) {
    const heading = server || picked.length > 1 ? `── ${idioms?.label ?? ""}${topic === "dbTls" ? " client" : ""} ──\n` : "";
    codeParts.push(heading + snippet.code);
  }
  if (codeParts.length === 0 && generic.code) codeParts.push(generic.code);
  return {
    summary: fillTemplate(summary, vars),
    framework: snippets.length > 0 ? framework : null,
    steps: steps.map((s) => fillTemplate(s, vars)),
    code: codeParts.length ? fillTemplate(codeParts.join("\n\n"), vars) : null,
  };
}

/** "FastAPI + CockroachDB" for a stack; "" when neither is known. */
export function stackLabel(stack: Stack): string {
  const fw = normaliseFramework(stack.framework);
  const db = normaliseDatabase(stack.database);
  return [fw ? FRAMEWORK_IDIOMS[fw].label : null, db ? DB_VARS[db].product : null].filter(Boolean).join(" + ");
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
