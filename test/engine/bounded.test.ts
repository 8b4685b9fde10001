// eachBounded: the crawl and the checks that fan out over every operation keep a bounded number of
// items pending, process every item in order and report the first failure once all are done.
import { describe, expect, it } from "vitest";
import { eachBounded, eachPerSlot, PENDING_PER_SLOT } from "../../src/core/bounded.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("eachBounded", () => {
  it("never has more than the limit unfinished, starts items in order and processes all of them", async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const items = Array.from({ length: 200 }, (_, i) => i);
    await eachBounded(items, 7, async (item) => {
      started.push(item);
      running++;
      peak = Math.max(peak, running);
      for (let t = 0; t < 1 + (item % 3); t++) await tick();
      running--;
    });
    expect(peak).toBe(7);
    expect(started).toEqual(items);
  });

  it("goes on after a failure, then throws the first one", async () => {
    const done: number[] = [];
    const run = eachBounded([0, 1, 2, 3, 4, 5], 2, async (item) => {
      await tick();
      if (item === 1) throw new Error("first");
      if (item === 4) throw new Error("second");
      done.push(item);
    });
    await expect(run).rejects.toThrow("first");
    expect(done.sort()).toEqual([0, 2, 3, 5]);
  });

  it("takes synchronous functions and empty lists", async () => {
    const seen: string[] = [];
    await eachBounded(["a", "b", "c"], 2, (item) => void seen.push(item));
    await eachBounded([], 4, () => {
      throw new Error("never called");
    });
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("eachPerSlot keeps a few items per request slot of the scan's concurrency pending", async () => {
    let running = 0;
    let peak = 0;
    await eachPerSlot(3, Array.from({ length: 100 }, (_, i) => i), async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    });
    expect(peak).toBe(3 * PENDING_PER_SLOT);
  });
});
