import { describe, expect, it } from "vitest";
import { quietLog } from "../../src/core/quiet-log.js";

describe("quietLog", () => {
  it("prints a repeated line once per window and says how many were held back", () => {
    const lines: string[] = [];
    let t = 0;
    const log = quietLog((l) => lines.push(l), 60_000, () => t);
    for (let i = 0; i < 30; i++, t += 1000) log("rampart: monitors: db down");
    log("rampart: other");
    expect(lines).toEqual(["rampart: monitors: db down", "rampart: other"]);
    t = 61_000;
    log("rampart: monitors: db down");
    expect(lines[2]).toBe("rampart: monitors: db down (29 more like it in the last 61 s)");
    t = 200_000;
    log("rampart: monitors: db down");
    expect(lines[3]).toBe("rampart: monitors: db down");
  });
});
