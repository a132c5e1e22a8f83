import { randomUUID } from 'node:crypto';
import { IngestError } from '../errors/ingest-error';
import { prepareEvent, type PreparePolicy, type Receipt } from '../envelope/prepare-event';
import type { PreparedEvent } from '../envelope/prepared-event';
import { type CallType, readCall } from '../envelope/read-call';
import type { IdentityLinker } from '../identity/identity-linker';
import type { AppendOutcome, EventWriter } from '../store/event-writer';
import type { EventResult } from './event-result';
import type { WriteKeyIdentity } from '../auth/write-keys';

/** One call of a request, as received. */
export interface IncomingCall {
  readonly type: CallType;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Its JSON path in the request (`body`, `batch[3]`). */
  readonly at: string;
}

/** The limits and policy of collection. */
export interface CollectPolicy extends PreparePolicy {
  readonly maxEventBytes: number;
}

interface Pending {
  readonly index: number;
  readonly at: string;
  readonly stream: string;
  readonly event: PreparedEvent;
}

/**
 * Collects the calls of one request: validates each, appends the valid ones to their streams
 * (streams in parallel, each stream's events in request order) and reports per call. Nothing
 * rejected is written; a store outage fails the whole request, and its retry is deduplicated.
 */
export class CollectService {
  constructor(
    private readonly policy: CollectPolicy,
    private readonly writer: EventWriter,
    private readonly identity: IdentityLinker,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * @param correlationId the request's id, stamped on every event it stores as `$correlationId`;
   *   unique per request (the read-back that tells a write from a duplicate relies on it).
   */
  async collect(
    calls: readonly IncomingCall[],
    sender: WriteKeyIdentity,
    correlationId: string = randomUUID(),
  ): Promise<EventResult[]> {
    const { writeKeyId, sourceId } = sender;
    const receipt: Receipt = { writeKeyId, sourceId, correlationId, receivedAt: this.clock() };
    const results: Array<EventResult | undefined> = calls.map(() => undefined);
    const byId = new Map<string, PreparedEvent>();
    const pending: Pending[] = [];

    for (const [index, incoming] of calls.entries()) {
      const messageId = typeof incoming.raw['messageId'] === 'string' ? incoming.raw['messageId'] : undefined;
      try {
        this.checkSize(incoming);
        const event = prepareEvent(
          readCall(incoming.type, incoming.raw, incoming.at),
          receipt,
          this.policy,
          incoming.at,
        );
        const earlier = byId.get(event.eventId);
        if (earlier !== undefined) {
          // The same message twice in one request: the store would see one id twice in an append.
          if (earlier.metadata.payloadHash !== event.metadata.payloadHash) throw conflict(incoming.at, event);
          results[index] = { index, messageId: event.metadata.messageId, eventId: event.eventId, status: 'duplicate' };
          continue;
        }
        byId.set(event.eventId, event);
        const routed = this.identity.streamOf(event);
        pending.push({ index, at: incoming.at, stream: routed.stream, event: routed.event });
      } catch (error) {
        if (!(error instanceof IngestError)) throw error;
        results[index] = rejected(index, messageId, error);
      }
    }

    await this.append(pending, results, sourceId);
    return results.map(
      (r, index) => r ?? rejected(index, undefined, new IngestError('INVALID_EVENT', 'not processed')),
    );
  }

  private async append(
    pending: readonly Pending[],
    results: Array<EventResult | undefined>,
    sourceId: string,
  ): Promise<void> {
    const streams = new Map<string, Pending[]>();
    for (const p of pending) {
      const group = streams.get(p.stream);
      if (group === undefined) streams.set(p.stream, [p]);
      else group.push(p);
    }
    await Promise.all(
      [...streams].map(async ([stream, group]) => {
        const outcomes = await this.writer.append(
          stream,
          group.map((p) => p.event),
        );
        group.forEach((p, i) => (results[p.index] = this.result(p, outcomes[i]!)));
        const anonymous = group[0]!.event.customerId === undefined ? group[0]!.event.anonymousId : undefined;
        if (anonymous !== undefined) await this.identity.afterAnonymous(anonymous);
        for (const [i, p] of group.entries()) {
          const links = p.event.links;
          if (links !== undefined && outcomes[i] !== 'conflict') {
            await this.identity.link(links.anonymousId, links.customerId, sourceId);
          }
        }
      }),
    );
  }

  private result(p: Pending, outcome: AppendOutcome): EventResult {
    const { messageId } = p.event.metadata;
    if (outcome === 'conflict') return rejected(p.index, messageId, conflict(p.at, p.event));
    return { index: p.index, messageId, eventId: p.event.eventId, status: outcome };
  }

  private checkSize(incoming: IncomingCall): void {
    const bytes = Buffer.byteLength(JSON.stringify(incoming.raw), 'utf8');
    if (bytes > this.policy.maxEventBytes) {
      throw IngestError.at(
        'EVENT_TOO_LARGE',
        incoming.at,
        `expected at most ${this.policy.maxEventBytes} bytes of JSON per event, got ${bytes}`,
      );
    }
  }
}

function conflict(at: string, event: PreparedEvent): IngestError {
  return IngestError.at(
    'MESSAGE_ID_CONFLICT',
    `${at}.messageId`,
    `messageId ${JSON.stringify(event.metadata.messageId)} was already used for a different payload; expected a new messageId or the same payload`,
  );
}

function rejected(index: number, messageId: string | undefined, error: IngestError): EventResult {
  return {
    index,
    ...(messageId !== undefined && { messageId }),
    status: 'rejected',
    code: error.code,
    message: error.message,
    problems: error.problems,
  };
}
