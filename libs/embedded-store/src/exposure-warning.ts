const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The warning to print when the store is told to listen beyond this machine, or undefined on
 * loopback: the embedded store has no TLS and no access control.
 */
export function exposureWarning(host: string): string | undefined {
  return LOOPBACK.has(host)
    ? undefined
    : `WARNING: the Heed store is listening on ${host}, beyond this machine. It has no TLS and no access control: anyone who can reach this address can read, write and delete every stream.`;
}
