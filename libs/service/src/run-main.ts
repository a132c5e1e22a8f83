/** Longest a graceful stop may take before the process gives up and exits non-zero. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs a service's entry point: any error during start is printed as one clear message
 * (a configuration error lists every variable at fault) and the process exits non-zero.
 * When `main` resolves to a stop function, SIGINT and SIGTERM call it (a graceful stop: no new
 * work, work in flight finished and acknowledged, the store closed) and the process exits 0 once it
 * has finished, or 1 when it fails or takes longer than 30 s. A second signal exits at once.
 */
export function runMain(main: () => Promise<(() => Promise<void>) | void>): void {
  main().then(
    (stop) => {
      if (stop === undefined) return;
      let stopping = false;
      const shutdown = (signal: NodeJS.Signals): void => {
        if (stopping) {
          console.error(`${signal} again: exiting without finishing the stop`);
          process.exit(1);
        }
        stopping = true;
        console.log(`${signal}: stopping (finishing work in flight; ${signal} again to exit at once)`);
        const timeout = setTimeout(() => {
          console.error(`stop took longer than ${STOP_TIMEOUT_MS / 1000} s: exiting`);
          process.exit(1);
        }, STOP_TIMEOUT_MS);
        timeout.unref();
        stop().then(
          () => {
            clearTimeout(timeout);
            console.log('stopped');
            process.exit(0);
          },
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
