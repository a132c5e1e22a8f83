import { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { UUID } from '@eventstore/db-client/generated/shared_pb';
import type { Status } from '@eventstore/db-client/generated/status_pb';
import type { handleBidiStreamingCall, ServiceError } from '@grpc/grpc-js';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { EventStorage, ExpectedRevision, ProposedEvent } from '../../storage';
import { InvalidRequestError } from '../invalid-request';
import { streamIdentifier, streamNameOfBytes, uuidOf } from '../wire-format';
import type { AppendOptions, BatchAppendRequest } from './batch-append-request';
import { writeFailure } from './append-error-response';
import { encodeAppendSuccess } from './batch-append-response';
import { badRequest, maximumAppendSizeExceeded, storageFailure, timeout } from './batch-append-status';
import { writeBufferedResponsesTogether } from './buffered-writes';
import { expectedRevisionOf } from './expected-revision-option';
import { proposedEventFrom, sizeOf } from './proposed-events';

/** The longest delay a Node timer keeps (2^31-1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Immutable once built: one instance serves every response. */
const EMPTY = new ProtobufEmpty();

interface PendingBatch {
  readonly correlationId: UUID;
  /** Undefined when the options that should name it were malformed. */
  readonly stream: string | undefined;
  readonly expected: ExpectedRevision;
  readonly events: ProposedEvent[];
  size: number;
  /** Answered already (with an error): later requests of this append are ignored. */
  answered: boolean;
  deadlineTimer: NodeJS.Timeout | undefined;
}

/**
 * `Streams.BatchAppend`: one long-lived call carrying many appends, each a sequence of requests
 * with one correlation id (options in the first, `is_final` on the last). Each append is answered
 * once, on the call; a failure is a response carrying a `google.rpc.Status` whose `details` hold
 * EventStoreDB's error message (`WrongExpectedVersion`, `StreamDeleted`, `BadRequest`, `Timeout`,
 * …), never an error of the call, so one bad append fails alone and the call stays usable.
 *
 * The deadline in the options is honoured: an append whose deadline passes before its last request
 * arrives is answered `Timeout` (`DEADLINE_EXCEEDED`) and nothing of it is written.
 */
export function batchAppendHandler(
  storage: EventStorage,
  maxAppendSize: number,
  now: () => number = () => Date.now(),
): handleBidiStreamingCall<BatchAppendRequest, BatchAppendResp> {
  return (call) => {
    // A group commit answers several appends of this call at once.
    writeBufferedResponsesTogether(call);
    const pending = new Map<string, PendingBatch>();
    let open = true;
    let inFlight = 0;
    let clientDone = false;
    const reply = (response: BatchAppendResp): void => {
      if (open && !call.cancelled) call.write(response);
    };
    const fail = (batch: PendingBatch, error: Status): void => {
      if (batch.answered) return;
      batch.answered = true;
      batch.events.length = 0;
      clearTimeout(batch.deadlineTimer);
      reply(response(batch).setError(error));
    };
    const close = (): void => {
      open = false;
      for (const batch of pending.values()) clearTimeout(batch.deadlineTimer);
      pending.clear();
    };
    // The client may half-close with appends still committing: answer them, then end the call.
    const endIfSettled = (): void => {
      if (!clientDone || inFlight > 0 || !open) return;
      close();
      call.end();
    };
    // Requests arrive read by `readBatchAppendRequest` (the method's deserializer, streams.service.ts).
    call.on('data', (request: BatchAppendRequest) => {
      const correlationId = request.correlationId;
      let key: string;
      try {
        key = uuidOf(correlationId);
      } catch (error) {
        // Without a correlation id no response can be matched to the append: fail the call, which
        // the client answers by failing what it has pending and opening a new call.
        close();
        call.emit('error', writeFailure(error) satisfies ServiceError);
        return;
      }
      let batch = pending.get(key);
      if (batch === undefined) {
        const opened = openBatch(correlationId!, request.options);
        const target = (batch = opened.batch);
        pending.set(key, target);
        if (opened.refusal !== undefined) fail(target, badRequest(opened.refusal));
        else {
          const deadline = request.options?.deadline;
          if (deadline !== undefined) {
            // Whole milliseconds, as `toDate()` would give, without the Date.
            const left = Math.trunc(deadline.seconds * 1000 + deadline.nanos / 1e6) - now();
            if (left <= 0) fail(target, timeout());
            // Node fires a longer timer at once: a deadline weeks away (the client's `Infinity`) is none.
            else if (left <= MAX_TIMER_MS)
              (target.deadlineTimer = setTimeout(() => fail(target, timeout()), left)).unref();
          }
        }
      }
      if (!batch.answered) {
        try {
          for (const message of request.messages) {
            const event = proposedEventFrom(message);
            batch.size += sizeOf(event);
            if (batch.size > maxAppendSize) {
              fail(batch, maximumAppendSizeExceeded(maxAppendSize));
              break;
            }
            batch.events.push(event);
          }
        } catch (error) {
          fail(batch, badRequest(error instanceof Error ? error.message : String(error)));
        }
      }
      if (!request.isFinal) return;
      pending.delete(key);
      if (batch.answered) return;
      clearTimeout(batch.deadlineTimer);
      batch.answered = true;
      const done = batch;
      const stream = done.stream!;
      inFlight++;
      const answer = (result: BatchAppendResp): void => {
        inFlight--;
        reply(result);
        endIfSettled();
      };
      storage.append(stream, done.expected, done.events).then(
        (result) => answer(success(done, result.revision, result.position)),
        (error: unknown) => answer(response(done).setError(storageFailure(stream, error))),
      );
    });
    call.on('end', () => {
      clientDone = true;
      endIfSettled();
    });
    call.on('error', close);
    call.on('cancelled', close);
  };
}

/** The first request of an append: its options, or why they are refused. */
function openBatch(correlationId: UUID, options: AppendOptions | undefined): { batch: PendingBatch; refusal?: string } {
  const base = { correlationId, events: [], size: 0, answered: false, deadlineTimer: undefined };
  try {
    if (options === undefined) throw new InvalidRequestError('the first request of an append must carry options');
    const stream = streamNameOfBytes(options.streamName);
    const expected = expectedRevisionOf(options.expectedCase, () => options.streamPosition);
    return { batch: { ...base, stream, expected } };
  } catch (error) {
    return {
      batch: { ...base, stream: undefined, expected: 'any' },
      refusal: error instanceof Error ? error.message : String(error),
    };
  }
}

function response(batch: PendingBatch): BatchAppendResp {
  // The client reads the stream name of every error response: always send one.
  const message = new BatchAppendResp()
    .setCorrelationId(batch.correlationId)
    .setStreamIdentifier(streamIdentifier(batch.stream ?? ''));
  switch (batch.expected) {
    case 'any':
      return message.setAny(EMPTY);
    case 'no_stream':
      return message.setNoStream(EMPTY);
    case 'stream_exists':
      return message.setStreamExists(EMPTY);
    default:
      return message.setStreamPosition(String(batch.expected));
  }
}

function success(batch: PendingBatch, revision: number, position: number): BatchAppendResp {
  return encodeAppendSuccess({
    correlationId: batch.correlationId,
    stream: batch.stream ?? '',
    expected: batch.expected,
    revision,
    position,
    wroteEvents: batch.events.length > 0,
  });
}
