/**
 * Runs `task` when asked, but never more often than every `ms` milliseconds and never twice at
 * once: requests that come in the meantime are served by one later run. So a burst of live
 * changes costs one request per period, and the last change is always seen.
 */
export function paced(task: () => Promise<unknown>, ms: number): { request(): void; stop(): void } {
  let running = false;
  let wanted = false;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const run = () => {
    timer = undefined;
    if (stopped || running || !wanted) return;
    const wait = last + ms - performance.now();
    if (wait > 0) {
      timer = setTimeout(run, wait);
      return;
    }
    wanted = false;
    running = true;
    last = performance.now();
    void task()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (wanted && timer === undefined) run();
      });
  };

  return {
    request() {
      wanted = true;
      if (timer === undefined) run();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
