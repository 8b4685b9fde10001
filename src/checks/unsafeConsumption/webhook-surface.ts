import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { normaliseField } from "../../patterns/field-names.js";
import { urlInputs } from "../ssrf/_url-inputs.js";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);
/** Inputs that register a URL the server will call later. */
const CALLBACK_NAME = /callback|webhook|hook|notify|notification|postback/;
/** Documentation that the integration is constrained: signed deliveries or an allow-list. */
const SAFEGUARD = /signature|signed|hmac|allow-?list|whitelist|verif(y|ication)|shared secret|x-hub-signature|svix|https only/i;

function documentedSafeguard(op: Operation): boolean {
  const params = op.parameters.map((p) => p.description ?? "").join(" ");
  return SAFEGUARD.test(`${op.summary ?? ""} ${op.description ?? ""} ${params} ${JSON.stringify(op.requestBody?.schema ?? {}).slice(0, 20_000)}`);
}

export default defineCheck({
  meta: {
    id: "unsafeConsumption.webhook-surface",
    title: "Webhook registration without a documented safeguard",
    category: "unsafeConsumption",
    severity: "info",
    how: "offline",
    description:
      "Write operations that register callback or webhook URLs, where the spec documents neither signed deliveries (HMAC signature headers) nor a host allow-list. The server will later call whatever URL a client registers (server-side request forgery), and receivers cannot tell genuine deliveries from forged ones.",
    references: { owaspApi2023: ["API10", "API7"], owaspTop10_2021: ["A10"], cwe: [918, 345], soc2: ["CC6.6"] },
    remediation: {
      summary: "Validate registered URLs against an allow-list (https, public addresses only) and sign every delivery.",
      steps: [
        "Resolve and check registered hosts on every delivery (no private, loopback or metadata addresses), and deliver from an egress-restricted network.",
        "Sign deliveries with a per-subscriber secret (HMAC over timestamp + body) and document the header and verification.",
        "Document both in the spec (description of the operation or the URL property).",
      ],
    },
    milestone: 2,
  },
  async run(ctx) {
    let found = 0;
    for (const op of ctx.api?.operations ?? []) {
      if (!WRITE_METHODS.has(op.method)) continue;
      const callbacks = urlInputs(op).filter((i) => CALLBACK_NAME.test(normaliseField(i.name)) || CALLBACK_NAME.test(normaliseField(op.path)));
      if (callbacks.length === 0 || documentedSafeguard(op)) continue;
      found++;
      ctx.report({
        confidence: "firm",
        operation: op,
        evidence: [{ request: `${op.method} ${op.path}`, status: null, excerpt: `registers ${callbacks.slice(0, 5).map((c) => c.where).join(", ")}; no signature or allow-list documented`, note: op.pointer }],
        reproduce: null,
      });
    }
    if (found > 0) ctx.shared.set("applicable:unsafeConsumption", true);
  },
});
