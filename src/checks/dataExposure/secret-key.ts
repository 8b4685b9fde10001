import { defineCheck } from "../../core/check.js";
import { findJsonSecrets } from "../../patterns/json-secrets.js";
import { excerptAround, redactSecret } from "../../patterns/redact.js";
import { recentTexts } from "../../patterns/memo.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { findSecrets, redactSecretMatch } from "../../patterns/secrets.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

/** Secret-named values of a parsed body, by the body's text (the same for every copy of one body). */
const jsonSecrets = recentTexts((_body: string, value: Json) => findJsonSecrets(value, { limit: 20 }));

export default defineCheck({
  meta: {
    id: "dataExposure.secret-key",
    title: "API keys and secrets in responses",
    category: "dataExposure",
    severity: "critical",
    how: "passive",
    description:
      "A response carries a credential: a provider key in its documented format (AWS, Stripe live, GitHub, GitLab, Slack, Google, OpenAI, Anthropic, Twilio, SendGrid) or a high-entropy value in a field named secret / apiKey / client_secret, or a password, secret, key or token stored under a name that says so in any JSON shape (an environment dump under any key, name/value pairs, `NAME=value` lines), wherever the response sits. Anyone who can call the endpoint can use the key, usually with the service's full privileges and on its bill.",
    references: dataRefs([798, 200, 522]),
    remediation: {
      summary: "Revoke and rotate the exposed key now, then remove it from the response and keep secrets out of API models.",
      steps: [
        "Rotate the credential at the provider (the old value must be considered compromised) and review its usage logs.",
        "Remove secret fields from response models; serialise with an explicit allow-list of fields.",
        "Load secrets from a secret store (Vault, AWS Secrets Manager, KMS-encrypted env) and never echo configuration.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body) return;
    // Secret-named values in any JSON shape (an environment dump under any key, name/value pairs, env
    // lines): one finding per operation listing where each sits.
    const parsed = ex.response ? parseJsonBody(ex.response) : null;
    const matches = findSecrets(body, 20);
    const named = parsed ? jsonSecrets(body, parsed.value) : [];
    if (matches.length === 0 && named.length === 0) return;
    // A value in a provider's own format is reported as that provider's key, not again as a named secret.
    const providerValues = matches.filter((m) => m.row.provider !== "generic").map((m) => m.value);
    const structured = named.filter((s) => !providerValues.some((v) => s.value.includes(v)));
    const op = operationOf(ex);
    for (const s of structured) {
      // Keyed by path, not method: the same body under GET, HEAD or OPTIONS is one exposure.
      if (!within(ctx, `${op.path}|json|${s.path}|${s.name}`, 1)) continue;
      ctx.report({
        confidence: "firm",
        title: "Secrets in a response",
        operation: op,
        key: `json-secret|${op.path}`,
        where: { place: `${s.path} (${s.name}, ${s.kind})` },
        evidence: [{ exchange: ex, excerpt: `${s.name}: ${redactSecret(s.value)}`, note: `${s.kind} stored under "${s.name}" at ${s.path}` }],
      });
    }
    const known = new Set(structured.map((s) => s.value));
    const found = matches.filter((m) => m.row.provider !== "generic" || !known.has(m.value));
    for (const m of found) {
      // One finding per operation and key type; several values of one type pool as evidence.
      if (!within(ctx, `${operationKey(ex)}|${m.row.id}`, 2)) continue;
      ctx.report({
        confidence: m.row.provider === "generic" ? "firm" : "confirmed",
        severity: m.row.severity,
        title: `${m.row.title} exposed in a response`,
        operation: operationOf(ex),
        key: m.row.id,
        evidence: [
          {
            exchange: ex,
            excerpt: excerptAround(body, m.index, m.index + m.value.length, redactSecretMatch(m.row, m.value)),
            note: m.row.provider === "generic" ? "high-entropy value in a secret-named field" : `${m.row.provider} key format`,
          },
        ],
      });
    }
  },
});
