/** The engine answered with an error: its status, its stable `code` and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The key was missing or refused (401): Studio returns to the sign-in view. */
  get unauthorized(): boolean {
    return this.status === 401;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

/** No answer at all: the engine is down, restarting, or not where the page came from. */
export class EngineUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach the engine at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EngineUnreachableError';
  }
}
