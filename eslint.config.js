import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Layer rules: checks and engine never touch the process or the network directly.
const noProcessIo = {
  paths: [
    { name: "node:http", message: "Send traffic through ctx.http." },
    { name: "node:https", message: "Send traffic through ctx.http." },
    { name: "undici", message: "Send traffic through ctx.http." },
    { name: "node:net", message: "Use ctx.transport." },
    { name: "node:tls", message: "Use ctx.transport." },
    { name: "node:fs", message: "Checks do no file I/O." },
  ],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "action/dist/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
    },
  },
  {
    files: ["src/checks/**/*.ts"],
    ignores: ["src/checks/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", noProcessIo],
      "no-restricted-globals": ["error", { name: "process", message: "Checks read options from ctx." }],
      "no-console": "error",
    },
  },
  {
    files: ["src/engine/**/*.ts", "src/report/**/*.ts", "src/scoring/**/*.ts"],
    rules: { "no-console": "error", "no-restricted-properties": ["error", { object: "process", property: "exit" }] },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", URL: "readonly", Buffer: "readonly", performance: "readonly" } },
  },
);
