// A small concurrency gate: at most `n` probe connections in flight, first come first served.

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks started so far (connections made). */
  readonly started: number;
}

export function createLimiter(n: number): Limiter {
  const max = Math.max(1, Math.floor(n));
  let active = 0;
  let started = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (active >= max) return;
    const start = queue.shift();
    if (start) start();
  };
  return {
    get started() {
      return started;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          active++;
          started++;
          task()
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
            });
        });
        next();
      });
    },
  };
}
