/**
 * Runs a service's entry point: any error during start is printed as one clear message
 * (a configuration error lists every variable at fault) and the process exits non-zero.
 * When `main` resolves to a stop function, SIGINT and SIGTERM call it (a graceful stop) and
 * the process exits once it has finished.
 */
export function runMain(main: () => Promise<(() => Promise<void>) | void>): void {
  main().then(
    (stop) => {
      if (stop === undefined) return;
      const shutdown = (): void => {
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
