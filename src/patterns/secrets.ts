// Provider credential formats and generic high-entropy secrets (dataExposure.secret-key).
// Each row names the public prefix kept in redacted evidence. Formats as the providers document them.
import { compileTable, type PatternRow } from "./table.js";
import { isPlaceholder, looksRandom, shannonEntropy } from "./validators.js";
import { redactSecret } from "./redact.js";

export interface SecretRow extends PatternRow {
  provider: string;
  /** Public, non-secret prefix kept in evidence (`sk_live_`); the rest is masked. */
  prefix: string;
}

const notPlaceholder = (v: string): boolean => !isPlaceholder(v) && !/(?:x{5,}|0{8,}|EXAMPLE|example)/.test(v);

export const SECRET_ROWS: readonly SecretRow[] = [
  {
    id: "aws-access-key-id",
    provider: "AWS",
    title: "AWS access key id",
    severity: "critical",
    prefix: "AKIA",
    regex: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])/,
    keywords: ["akia", "asia", "abia", "acca"],
    validate: notPlaceholder,
  },
  {
    id: "aws-secret-access-key",
    provider: "AWS",
    title: "AWS secret access key",
    severity: "critical",
    prefix: "",
    // 40 base64 characters after an aws_secret_access_key / secretAccessKey style label.
    regex: /(?:aws)?_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "secretaccess"],
    validate: (v) => notPlaceholder(v) && shannonEntropy(v) > 4,
  },
  {
    id: "stripe-live-key",
    provider: "Stripe",
    title: "Stripe live secret or restricted key",
    severity: "critical",
    prefix: "sk_live_",
    regex: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[0-9A-Za-z]{24,247})(?![A-Za-z0-9_])/,
    keywords: ["_live_"],
    validate: notPlaceholder,
  },
  {
    id: "github-token",
    provider: "GitHub",
    title: "GitHub token",
    severity: "critical",
    prefix: "ghp_",
    regex: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{60,255})(?![A-Za-z0-9_])/,
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    validate: notPlaceholder,
  },
  {
    id: "gitlab-token",
    provider: "GitLab",
    title: "GitLab personal access token",
    severity: "critical",
    prefix: "glpat-",
    regex: /(?<![A-Za-z0-9_-])(glpat-[0-9A-Za-z_-]{20,64})(?![0-9A-Za-z_-])/,
    keywords: ["glpat-"],
    validate: notPlaceholder,
  },
  {
    id: "slack-token",
    provider: "Slack",
    title: "Slack token",
    severity: "critical",
    prefix: "xox",
    regex: /(?<![A-Za-z0-9])(xox[baprs]-[0-9]{6,16}-[0-9A-Za-z-]{8,200})(?![0-9A-Za-z-])/,
    keywords: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"],
    validate: notPlaceholder,
  },
  {
    id: "slack-webhook",
    provider: "Slack",
    title: "Slack incoming webhook URL",
    severity: "high",
    prefix: "https://hooks.slack.com/services/",
    regex: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32})/,
    keywords: ["hooks.slack.com"],
    validate: notPlaceholder,
  },
  {
    id: "google-api-key",
    provider: "Google",
    title: "Google API key",
    severity: "critical",
    prefix: "AIza",
    regex: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/,
    keywords: ["aiza"],
    validate: notPlaceholder,
  },
  {
    id: "anthropic-key",
    provider: "Anthropic",
    title: "Anthropic API key",
    severity: "critical",
    prefix: "sk-ant-",
    regex: /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,160})(?![A-Za-z0-9_-])/,
    keywords: ["sk-ant-"],
    validate: notPlaceholder,
  },
  {
    id: "openai-key",
    provider: "OpenAI",
    title: "OpenAI API key",
    severity: "critical",
    prefix: "sk-",
    // Project/service-account/admin keys, and legacy keys carrying the `T3BlbkFJ` marker.
    regex: /(?<![A-Za-z0-9_-])(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/,
    keywords: ["sk-"],
    validate: (v) => notPlaceholder(v) && !v.startsWith("sk-ant-") && shannonEntropy(v) > 3.5,
  },
  {
    id: "twilio-api-key",
    provider: "Twilio",
    title: "Twilio API key SID",
    severity: "critical",
    prefix: "SK",
    regex: /(?<![A-Za-z0-9])(SK[0-9a-f]{32})(?![A-Za-z0-9])/,
    keywords: ["sk"],
    validate: (v) => notPlaceholder(v) && shannonEntropy(v.slice(2)) > 3,
  },
  {
    id: "twilio-account-sid",
    provider: "Twilio",
    title: "Twilio account SID with auth token",
    severity: "critical",
    prefix: "AC",
    // An account SID alone is an identifier; with a 32-hex auth token beside it, it is a credential pair.
    regex: /(?<![A-Za-z0-9])(AC[0-9a-f]{32})(?![A-Za-z0-9])/,
    keywords: ["ac"],
    validate: (v, c) =>
      notPlaceholder(v) &&
      /auth_?token["']?\s*[:=]\s*["']?[0-9a-f]{32}(?![0-9a-f])/i.test(c.text.slice(Math.max(0, c.index - 200), c.index + 240)),
  },
  {
    id: "sendgrid-key",
    provider: "SendGrid",
    title: "SendGrid API key",
    severity: "critical",
    prefix: "SG.",
    regex: /(?<![A-Za-z0-9_-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    keywords: ["sg."],
    validate: notPlaceholder,
  },
  {
    id: "generic-secret-field",
    provider: "generic",
    title: "High-entropy value in a secret/API-key field",
    severity: "critical",
    prefix: "",
    // `"client_secret": "…"`, `apiKey: …`, `SECRET_KEY=…` (JSON, YAML, env and form styles).
    regex: /(?:^|[^A-Za-z0-9])["']?[A-Za-z0-9_.-]{0,40}(?:secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|client[_-]?secret)[A-Za-z0-9_-]{0,20}["']?\s*[:=]\s*["']?([A-Za-z0-9_\-+/=.~]{16,256})/i,
    keywords: ["secret", "key"],
    validate: (v, c) =>
      looksRandom(v, 16, 3.3) &&
      notPlaceholder(v) &&
      !/^[a-z]+(?:[._-][a-z]+)+$/i.test(v) &&
      // Keys meant to be public (publishable, public, site keys) and key *names* are not secrets.
      !/public|publishable|site[_-]?key|key[_-]?(?:id|name|type|version|url)/i.test(c.match[0].slice(0, c.match[0].length - v.length)),
  },
];

export const secretTable = compileTable(SECRET_ROWS);

export function redactSecretMatch(row: SecretRow, value: string): string {
  return redactSecret(value, row.prefix);
}

export interface SecretMatch {
  row: SecretRow;
  value: string;
  index: number;
}

/** Provider matches first; a generic-field match is dropped when a provider row already matched that value. */
export function findSecrets(text: string, limit = 20): SecretMatch[] {
  const all = secretTable.scan(text, limit * 2);
  if (all.length === 0) return [];
  const provider = all.filter((m) => m.row.provider !== "generic");
  const generic = all.filter(
    (m) => m.row.provider === "generic" && !provider.some((p) => overlaps(p.index, p.value.length, m.index, m.value.length)),
  );
  return [...provider, ...generic].slice(0, limit);
}

function overlaps(a: number, al: number, b: number, bl: number): boolean {
  return a < b + bl && b < a + al;
}
