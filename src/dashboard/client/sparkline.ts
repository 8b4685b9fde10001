// Score trend as an inline SVG polyline: no chart library, nothing fetched. The trend is also given in
// words for screen readers (the SVG itself is decorative).
import { h, svg } from "./dom.js";

export function sparkline(scores: readonly number[], width = 120, height = 28): HTMLElement {
  const wrap = h("span", { class: "sparkline" });
  if (scores.length === 0) return wrap;
  const pad = 2;
  const step = scores.length > 1 ? (width - pad * 2) / (scores.length - 1) : 0;
  const y = (s: number) => pad + (height - pad * 2) * (1 - Math.max(0, Math.min(100, s)) / 100);
  const points = scores.map((s, i) => `${(pad + i * step).toFixed(1)},${y(s).toFixed(1)}`).join(" ");
  const last = scores[scores.length - 1] as number;
  const chart = svg(
    "svg",
    { width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true", focusable: "false" },
    svg("polyline", { points, fill: "none", stroke: "currentColor", "stroke-width": 1.5 }),
    svg("circle", { cx: pad + (scores.length - 1) * step, cy: y(last), r: 2.5, fill: "currentColor" }),
  );
  wrap.appendChild(chart);
  const first = scores[0] as number;
  const trend = scores.length < 2 ? `score ${last}` : `score trend over ${scores.length} scans: ${first} to ${last}`;
  wrap.appendChild(h("span", { class: "visually-hidden" }, trend));
  return wrap;
}
