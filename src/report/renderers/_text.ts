// Terminal helpers for the summary and table renderers: colours, padding, score bars, and inert text
// (target-derived strings lose escape sequences and control characters before they reach a terminal).
import pc from "picocolors";
import type { Grade, Severity } from "../../core/types.js";
import { oneLineText } from "./_escape.js";

export type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;

export function paint(color: boolean): Colors {
  return pc.createColors(color);
}

/** Target-derived text made safe for a terminal: one line, no escape sequences or controls. */
export function safeText(text: string): string {
  return oneLineText(text);
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** A 0–100 score as a bar of `width` cells. */
export function bar(score: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round((score / 100) * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}

export function gradeColour(c: Colors, grade: Grade): Paint {
  if (grade === "A" || grade === "B") return c.green;
  if (grade === "C") return c.yellow;
  return c.red;
}

export function severityColour(c: Colors, severity: Severity): Paint {
  switch (severity) {
    case "critical":
      return (t) => c.bold(c.red(t));
    case "high":
      return c.red;
    case "medium":
      return c.yellow;
    case "low":
      return c.cyan;
    default:
      return c.dim;
  }
}
