import type { ServerWritableStream } from '@grpc/grpc-js';
import { writeBufferedResponsesTogether } from './buffered-writes';

/**
 * Writes a server stream's responses with backpressure: {@link write} resolves once the
 * transport can take more, so a slow consumer slows its own reader instead of growing a buffer.
 * Responses that queue up behind a write in flight go down together (`writeBufferedResponsesTogether`).
 */
export class ResponseWriter<Res> {
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(private readonly call: ServerWritableStream<unknown, Res>) {
    writeBufferedResponsesTogether(call);
    const close = (): void => this.markClosed();
    call.once('cancelled', close);
    call.once('close', close);
    call.once('error', close);
  }

  /**
   * Runs `listener` once when the call is over, whoever ended it (the client cancelling, the
   * server ending or failing it), so that what serves the call (a subscription's commit listener)
   * is released at once rather than at its next use.
   */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
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
    this.markClosed();
  }

  /** Ends the call with an error status. */
  fail(error: unknown): void {
    if (!this.isClosed) this.call.emit('error', error);
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/** Lets the event loop run (commits, other calls) between pages of a long read. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
