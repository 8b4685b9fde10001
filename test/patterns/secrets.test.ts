import { describe, expect, it } from "vitest";
import { findSecrets, redactSecretMatch, secretTable } from "../../src/patterns/secrets.js";
import { corpusTests, type RowCorpus } from "./_corpus.js";

// Synthetic keys in each provider's documented shape (never real credentials).
const R = "Q7vX2mK9pL4sT8wZ1nB6cR3dF5gH0jY2";
export const SECRET_CORPUS: Record<string, RowCorpus> = {
  "aws-access-key-id": {
    positive: [
      { text: '{"aws_access_key_id":"AKIAZ7Q2M4K9P3L5T8WA"}', value: "AKIAZ7Q2M4K9P3L5T8WA" },
      { text: "key=ASIAQ3L7M2K9Z4P5T6WB;", value: "ASIAQ3L7M2K9Z4P5T6WB" },
    ],
    negative: ["AKIAIOSFODNN7EXAMPLE", "AKIA1234", "XAKIAZ7Q2M4K9P3L5T8WA", "akiaz7q2m4k9p3l5t8wa", "AKIAZ7Q2M4K9P3L5T8WAB"],
  },
  "aws-secret-access-key": {
    positive: [
      { text: '"aws_secret_access_key": "9dK2mQ7xL4vP1sZ8tR3wY6bN0cF5gH2jK7mQ9xL4"', value: "9dK2mQ7xL4vP1sZ8tR3wY6bN0cF5gH2jK7mQ9xL4" },
      { text: "AWS_SECRET_ACCESS_KEY=9dK2mQ7xL4vP1sZ8tR3wY6bN0cF5gH2jK7mQ9xL4\n", value: "9dK2mQ7xL4vP1sZ8tR3wY6bN0cF5gH2jK7mQ9xL4" },
    ],
    negative: ['"aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', '"aws_secret_access_key": "short"', '"secret_access_key": "****************************************"'],
  },
  "stripe-live-key": {
    positive: [{ text: '{"stripe":"sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d"}', value: "sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d" }, "rk_live_51H8xQ2K9pL4sT8wZ1nB6cR3dAB"],
    negative: ["sk_test_51H8xQ2K9pL4sT8wZ1nB6cR3d", "pk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d", "sk_live_short", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
  },
  "github-token": {
    positive: [`ghp_${R}Ab12`, `gho_${R}Cd34`, `github_pat_11ABCDEFG0${R}_${R}${R}`],
    negative: ["ghp_short", `ghx_${R}Ab12`, "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
  },
  "gitlab-token": {
    positive: ["glpat-Q7vX2mK9pL4sT8wZ1nB6", 'token: "glpat-aB3dE5gH7jK9mN1pQ3sT"'],
    negative: ["glpat-short", "glpat_Q7vX2mK9pL4sT8wZ1nB6"],
  },
  "slack-token": {
    positive: ["xoxb-123456789012-1234567890123-Q7vX2mK9pL4sT8wZ1nB6cR3d", "xoxp-1234567890-1234567890-1234567890-abcdef0123456789"],
    negative: ["xoxz-123456789012-1234567890123-Q7vX2mK9", "xoxb-abc", "xoxb-not-a-token"],
  },
  "slack-webhook": {
    positive: ["https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/Q7vX2mK9pL4sT8wZ1nB6cR3d"],
    negative: ["https://hooks.slack.com/services/", "https://hooks.slack.com/workflows/T0ABC/B0ABC/abc"],
  },
  "google-api-key": {
    positive: ["AIzaSyQ7vX2mK9pL4sT8wZ1nB6cR3dF5gH0jY2k"],
    negative: ["AIzaShort", "AIzaSyQ7vX2mK9pL4sT8wZ1nB6cR3dF5gH0jY2kEXTRA", "aizaSyQ7vX2mK9pL4sT8wZ1nB6cR3dF5gH0jY2k"],
  },
  "anthropic-key": {
    positive: [`sk-ant-api03-${R}${R}${R}-AA`],
    negative: ["sk-ant-api03-short", `sk-ant-xyz-${R}`],
  },
  "openai-key": {
    positive: [`sk-proj-${R}${R}${R}`, "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", `sk-${R}Q7vX2mK9pL4sT8wZ`],
    negative: [`sk-ant-api03-${R}${R}${R}-AA`, "sk-1234", "task-list-item", `sk-${"a".repeat(48)}`],
  },
  "twilio-api-key": {
    positive: ["SK0123456789abcdef0123456789abcdef", '"sid":"SKe5f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7"'],
    negative: ["SK0123456789ABCDEF0123456789ABCDEF", "SK0123", "ASK0123456789abcdef0123456789abcdef", "SK00000000000000000000000000000000"],
  },
  "twilio-account-sid": {
    positive: ['{"account_sid":"AC0123456789abcdef0123456789abcdef","auth_token":"f0e1d2c3b4a5968778695a4b3c2d1e0f"}'],
    negative: ['{"account_sid":"AC0123456789abcdef0123456789abcdef"}', "AC0123"],
  },
  "sendgrid-key": {
    positive: [`SG.Q7vX2mK9pL4sT8wZ1nB6cR.${R}Q7vX2mK9pL4sT8wZ1nB6`.slice(0, 69)],
    negative: ["SG.short.short", "SG.Q7vX2mK9pL4sT8wZ1nB6cR"],
  },
  "generic-secret-field": {
    positive: [
      { text: '{"client_secret":"9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"}', value: "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c" },
      { text: '{"apiKey": "Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1"}', value: "Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1" },
      { text: "SECRET_KEY=django-insecure-k9#m2&x7v$b4", value: "django-insecure-k9" },
      { text: "JWT_SECRET: 'aX9kL2mQ7vP4sT8wZ1nB'", value: "aX9kL2mQ7vP4sT8wZ1nB" },
    ],
    negative: [
      '{"secret_question":"What is your first pet called"}',
      '{"client_secret":"********"}',
      '{"apiKey":"your_api_key_here"}',
      '{"api_key":"REDACTED"}',
      '{"public_api_key":"Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1"}',
      '{"api_key_id":"Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1"}',
      '{"secret":"aaaaaaaaaaaaaaaaaaaa"}',
      '{"secret":"correct-horse-battery-staple"}',
      '{"secret":"${SECRET_FROM_ENV}"}',
      '{"has_secret": true}',
    ],
  },
};

describe("secret table", () => corpusTests(secretTable, SECRET_CORPUS));

describe("findSecrets", () => {
  it("prefers the provider row over the generic field row for the same value", () => {
    const found = findSecrets('{"stripe_secret_key":"sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d"}');
    expect(found.map((m) => m.row.id)).toEqual(["stripe-live-key"]);
  });
  it("redacts to the public prefix", () => {
    const [m] = findSecrets('{"k":"sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d"}');
    expect(redactSecretMatch(m!.row, m!.value)).toBe("sk_live_****");
    const [g] = findSecrets(`x ghp_${R}Ab12 y`);
    expect(redactSecretMatch(g!.row, g!.value)).toBe("ghp_****");
  });
});
