// Delivery strategies for probe payloads (promptfoo's "strategies"): pure string → string encodings a
// model can undo but a keyword filter on the raw input does not see through.
import type { Transform } from "./types.js";

export function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

export const TRANSFORMS: Record<Transform, { title: string; apply(text: string): string }> = {
  base64: { title: "Base64", apply: (t) => Buffer.from(t, "utf8").toString("base64") },
  rot13: { title: "ROT13", apply: rot13 },
  hex: { title: "hexadecimal", apply: (t) => Buffer.from(t, "utf8").toString("hex") },
  reverse: { title: "reversed text", apply: (t) => [...t].reverse().join("") },
  url: { title: "percent-encoding", apply: (t) => [...Buffer.from(t, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("") },
};
