import { randomUUID } from 'node:crypto';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventStorage } from '../../storage';
import { internalError, streamDeletedError } from '../grpc-errors';
import { readEventResponses } from '../read-event';
import type { ReadRequest } from './read-request';
import type { ResponseWriter } from './response-writer';
import { yieldToEventLoop } from './response-writer';

const PAGE_SIZE = 256;
/** Records a filtered page of `$all` examines at most before letting the event loop run. */
const SCAN_PER_PAGE = 4_096;

/**
 * A catch-up subscription to a stream or to `$all`: confirmation, the events after the start
 * (exclusive), `caughtUp` when it first reaches the end of the log, then live events.
 *
 * Catch-up and live are one loop over one cursor: every event, old or new, is read from storage
 * after the cursor and the cursor moves past what was sent. A commit notification only wakes the
 * loop. So the hand-over can neither skip nor repeat an event, and a slow consumer holds back only
 * its own loop (each write waits for the transport to drain), never the store.
 */
export class CatchUpSubscription {
  private nextRevision = 0;
  private nextPosition = 0;
  private sinceCheckpoint = 0;
  private caughtUp = false;
  private running = false;
  private wakeRequested = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly storage: EventStorage,
    private readonly request: ReadRequest,
    private readonly writer: ResponseWriter<ReadResp>,
  ) {}

  start(): void {
    const { source } = this.request;
    if (source.kind === 'stream') {
      const state = this.storage.streamState(source.name);
      if (state.deleted === 'tombstoned') return this.writer.fail(streamDeletedError(source.name));
      this.nextRevision =
        source.from === 'start' ? 0 : source.from === 'end' ? state.lastRevision + 1 : source.from + 1;
    } else {
      const head = this.storage.headPosition();
      this.nextPosition = source.from === 'start' ? 0 : source.from === 'end' ? head + 1 : source.from + 1;
    }
    this.unsubscribe = this.storage.onCommitted(() => this.wake());
    // A client that ends its subscription cancels the call: stop following the log right away,
    // not at the next commit (which may never come).
    this.writer.onClose(() => this.stop());
    const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    void this.writer.write(new ReadResp().setConfirmation(confirmation)).then(() => this.wake());
  }

  private wake(): void {
    if (this.writer.isClosed) return this.stop();
    this.wakeRequested = true;
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.wakeRequested && !this.writer.isClosed) {
        this.wakeRequested = false;
        while (!this.writer.isClosed && (await this.page())) await yieldToEventLoop();
        if (!this.caughtUp && !this.writer.isClosed) {
          this.caughtUp = true;
          // As EventStoreDB: a filtered subscription gets a checkpoint on going live, so at least
          // one comes within each interval however few records the filter lets through.
          if (this.request.checkpointInterval > 0 && this.nextPosition > 1)
            await this.checkpoint(this.nextPosition - 1);
          await this.writer.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
        }
      }
    } catch (error) {
      this.writer.fail(internalError(error));
    } finally {
      this.running = false;
      if (this.writer.isClosed) this.stop();
    }
  }

  /** Sends one page after the cursor; whether there may be more right away. */
  private async page(): Promise<boolean> {
    const { source } = this.request;
    if (source.kind === 'stream') {
      const read = this.storage.readStream(source.name, {
        direction: 'forwards',
        from: this.nextRevision,
        maxCount: PAGE_SIZE,
      });
      if (read.status === 'deleted') {
        this.writer.fail(streamDeletedError(source.name));
        return false;
      }
      if (read.status === 'not_found') return false;
      const responses = readEventResponses(this.storage, read.events, this.request);
      for (const [index, event] of read.events.entries()) {
        await this.writer.write(responses[index]!);
        this.nextRevision = event.revision + 1;
      }
      return read.events.length === PAGE_SIZE;
    }
    // A filtered page goes on through checkpoint windows (a checkpoint at the end of each, as
    // EventStoreDB sends them) until it has a page of events or has examined SCAN_PER_PAGE records:
    // a selective filter with the default window of 32 would otherwise cost a turn of the event
    // loop per 32 records.
    const interval = this.request.checkpointInterval;
    let sent = 0;
    let examined = 0;
    for (;;) {
      const read = this.storage.readAll({
        direction: 'forwards',
        from: this.nextPosition,
        maxCount: PAGE_SIZE - sent,
        filter: this.request.filter,
        maxScan: interval > 0 ? interval - this.sinceCheckpoint : PAGE_SIZE,
      });
      for (const response of readEventResponses(this.storage, read.events, this.request))
        await this.writer.write(response);
      sent += read.events.length;
      examined += read.scanned;
      if (read.lastScanned !== undefined) this.nextPosition = read.lastScanned + 1;
      if (interval > 0 && read.lastScanned !== undefined) {
        this.sinceCheckpoint += read.scanned;
        if (this.sinceCheckpoint >= interval) await this.checkpoint(read.lastScanned);
      }
      if (read.reachedEnd) return false;
      if (interval === 0 || sent >= PAGE_SIZE || examined >= SCAN_PER_PAGE || this.writer.isClosed) return true;
    }
  }

  private async checkpoint(position: number): Promise<void> {
    this.sinceCheckpoint = 0;
    const at = String(position);
    await this.writer.write(
      new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(at).setPreparePosition(at)),
    );
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
