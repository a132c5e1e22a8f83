/**
 * Runs a service's entry point: any error during start is printed as one clear message
 * (a configuration error lists every variable at fault) and the process exits non-zero.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
