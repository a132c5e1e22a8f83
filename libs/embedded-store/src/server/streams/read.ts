import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { handleServerStreamingCall } from '@grpc/grpc-js';
import type { EventStorage } from '../../storage';
import { internalError, invalidArgumentError, streamDeletedError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';
import { readEventResponses } from '../read-event';
import { streamIdentifier } from '../wire-format';
import { CatchUpSubscription } from './catch-up-subscription';
import type { ReadRequest } from './read-request';
import { readRequestOf } from './read-request';
import { ResponseWriter, yieldToEventLoop } from './response-writer';

/** Events per page of a read: each page is one synchronous SQLite query, then the loop yields. */
export const READ_PAGE_SIZE = 256;

/** `Streams.Read`: reads of a stream or `$all`, and catch-up subscriptions to either. */
export function readHandler(storage: EventStorage): handleServerStreamingCall<ReadReq, ReadResp> {
  return (call) => {
    const writer = new ResponseWriter<ReadResp>(call);
    let request: ReadRequest;
    try {
      request = readRequestOf(call.request);
    } catch (error) {
      writer.fail(error instanceof InvalidRequestError ? invalidArgumentError(error.message) : internalError(error));
      return;
    }
    if (request.subscription) {
      new CatchUpSubscription(storage, request, writer).start();
      return;
    }
    const read = request.source.kind === 'stream' ? readStream : readAll;
    read(storage, request, writer).then(
      () => writer.end(),
      (error: unknown) => writer.fail(internalError(error)),
    );
  };
}

async function readStream(
  storage: EventStorage,
  request: ReadRequest,
  writer: ResponseWriter<ReadResp>,
): Promise<void> {
  if (request.source.kind !== 'stream') return;
  const name = request.source.name;
  let from = request.source.from;
  let remaining = request.count;
  let first = true;
  while (remaining > 0 && !writer.isClosed) {
    const pageSize = Math.min(READ_PAGE_SIZE, remaining);
    const page = storage.readStream(name, { direction: request.direction, from, maxCount: pageSize });
    if (page.status === 'deleted') return writer.fail(streamDeletedError(name));
    if (page.status === 'not_found') {
      if (first) await writer.write(new ReadResp().setStreamNotFound(notFound(name)));
      return;
    }
    first = false;
    for (const response of readEventResponses(storage, page.events, request)) await writer.write(response);
    remaining -= page.events.length;
    const last = page.events[page.events.length - 1];
    // Done: end the call now, in the turn of the last event, rather than one turn later.
    if (remaining <= 0 || page.events.length < pageSize || last === undefined) return;
    from = request.direction === 'forwards' ? last.revision + 1 : last.revision - 1;
    if (from < 0) return;
    await yieldToEventLoop();
  }
}

async function readAll(storage: EventStorage, request: ReadRequest, writer: ResponseWriter<ReadResp>): Promise<void> {
  if (request.source.kind !== 'all') return;
  let from = request.source.from;
  let remaining = request.count;
  while (remaining > 0 && !writer.isClosed) {
    const page = storage.readAll({
      direction: request.direction,
      from,
      maxCount: Math.min(READ_PAGE_SIZE, remaining),
      filter: request.filter,
      maxScan: READ_PAGE_SIZE * 8,
    });
    for (const response of readEventResponses(storage, page.events, request)) await writer.write(response);
    remaining -= page.events.length;
    if (remaining <= 0 || page.reachedEnd || page.lastScanned === undefined) return;
    from = request.direction === 'forwards' ? page.lastScanned + 1 : page.lastScanned;
    await yieldToEventLoop();
  }
}

function notFound(name: string): ReadResp.StreamNotFound {
  return new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name));
}
