import type { ServerWritableStream } from '@grpc/grpc-js';

/**
 * Writes a server stream's responses with backpressure: {@link write} resolves once the
 * transport can take more, so a slow consumer slows its own reader instead of growing a buffer.
 */
export class ResponseWriter<Res> {
  private closed = false;

  constructor(private readonly call: ServerWritableStream<unknown, Res>) {
    const close = (): void => {
      this.closed = true;
    };
    call.once('cancelled', close);
    call.once('close', close);
    call.once('error', close);
  }

  /** Whether the client went away (cancelled) or the call ended. */
  get isClosed(): boolean {
    return this.closed || this.call.cancelled || this.call.destroyed || this.call.writableEnded;
  }

  /** Writes one response; resolves when there is room for the next. */
  async write(response: Res): Promise<void> {
    if (this.isClosed) return;
    if (this.call.write(response)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.call.off('drain', done);
        this.call.off('close', done);
        this.call.off('cancelled', done);
        resolve();
      };
      this.call.on('drain', done);
      this.call.on('close', done);
      this.call.on('cancelled', done);
    });
  }

  /** Ends the call successfully. */
  end(): void {
    if (!this.isClosed) this.call.end();
    this.closed = true;
  }

  /** Ends the call with an error status. */
  fail(error: unknown): void {
    if (!this.isClosed) this.call.emit('error', error);
    this.closed = true;
  }
}

/** Lets the event loop run (commits, other calls) between pages of a long read. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
