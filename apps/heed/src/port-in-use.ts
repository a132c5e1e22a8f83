/**
 * Turns a listen failure on a taken port into a message that names the variable to change; any
 * other error is returned as it is.
 */
export function portInUse(error: unknown, service: string, variable: string, host: string, port: number): unknown {
  const { code, message } = (error ?? {}) as Partial<NodeJS.ErrnoException>;
  // Node says EADDRINUSE in `code`; gRPC's bind only in its message.
  if (code !== 'EADDRINUSE' && !/EADDRINUSE|address already in use/i.test(message ?? '')) return error;
  return new Error(
    `${service}: ${host}:${port} is already in use (another Heed, or another program): stop it, or set ${variable} to a free port`,
  );
}

/** Listens, with a clear message when the port is taken. */
export async function listenOn(
  listen: () => Promise<unknown>,
  service: string,
  variable: string,
  host: string,
  port: number,
): Promise<void> {
  try {
    await listen();
  } catch (error) {
    throw portInUse(error, service, variable, host, port);
  }
}
