/** Longest a graceful stop may take before the process gives up and exits non-zero. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs a service's entry point: any error during start is printed as one clear message
 * (a configuration error lists every variable at fault) and the process exits non-zero.
 * When `main` resolves to a stop function, SIGINT and SIGTERM call it (a graceful stop: no new
 * work, work in flight finished and acknowledged, the store closed) and the process exits 0 once it
 * has finished, or 1 when it fails or takes longer than 30 s. A signal during start stops the
 * service as soon as it is up; a second signal exits at once.
 */
export function runMain(main: () => Promise<(() => Promise<void>) | void>): void {
  let signalled: NodeJS.Signals | undefined;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled !== undefined) {
      console.error(`${signal} again: exiting without finishing the stop`);
      process.exit(1);
    }
    signalled = signal;
    console.log(`${signal}: stopping (finishing work in flight; ${signal} again to exit at once)`);
    const timeout = setTimeout(() => {
      console.error(`stop took longer than ${STOP_TIMEOUT_MS / 1000} s: exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timeout.unref();
    void started.then(async (stop) => {
      try {
        await stop?.();
        clearTimeout(timeout);
        console.log('stopped');
        process.exit(0);
      } catch (error) {
        console.error(error);
        process.exit(1);
      }
    });
  };
  // Registered before anything starts, so that no signal finds Node's default (an abrupt exit).
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Signals are handled on the event loop, never before this line has run.
  const started = main();
  started.then(
    (stop) => {
      // A service without a stop function runs until the process is ended otherwise.
      if (stop === undefined && signalled === undefined) {
        process.off('SIGINT', shutdown);
        process.off('SIGTERM', shutdown);
      }
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
