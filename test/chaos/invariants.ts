import {
  FORWARDS,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { deriveOutputs, STATE_CHANGED, STATE_CORRECTED, type ActorDefinition, type RecordedInput } from '@heed/actors';
import { customerStream } from '@heed/event-store';
import type { AnyStateMachine } from 'xstate';
import { customerKind } from '../../apps/engine/src/lifecycle/customer-kind';

/** What the store holds after a scenario, measured against what was acknowledged and a fresh fold. */
export interface Verdict {
  /** Acknowledged events checked. */
  readonly events: number;
  /** Acknowledged events the store does not hold. */
  readonly lost: number;
  /** Events held more than once: the same id twice in an input stream or in an output stream. */
  readonly duplicated: number;
  /** Outputs a fresh fold of the inputs produces that the engine has not written (yet). */
  readonly unprocessed: number;
  /** Outputs the engine wrote that a fresh fold does not produce, or in another order. */
  readonly diverged: number;
  /** Customers whose last recorded state is not the state of a fresh fold of their stream. */
  readonly stateMismatches: number;
  /** Output streams whose causes go back in input order. */
  readonly outOfOrder: number;
  /** The first problems found, in words. */
  readonly problems: readonly string[];
}

/** Whether a verdict has nothing wrong and nothing left to do. */
export const isClean = (v: Verdict): boolean =>
  v.lost + v.duplicated + v.unprocessed + v.diverged + v.stateMismatches + v.outOfOrder === 0;

const definition: ActorDefinition<AnyStateMachine> = customerKind().definition as ActorDefinition<AnyStateMachine>;
/** Outputs that record the state a customer moved to. */
const MOVES: ReadonlySet<string> = new Set([STATE_CHANGED, STATE_CORRECTED]);

async function readStream(client: EventStoreDBClient, stream: string): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  try {
    for await (const e of client.readStream(stream, { direction: FORWARDS, fromRevision: START })) events.push(e);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return events;
}

const countIds = (ids: readonly string[]): number => ids.length - new Set(ids).size;

/** The events of a stream whose id comes twice or more, in words: id, type, revisions and causes. */
function doubles(events: ReadonlyArray<{ id: string; type: string; revision: bigint; metadata: unknown }>): string {
  const byId = new Map<string, typeof events>();
  for (const e of events) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  return [...byId.values()]
    .filter((same) => same.length > 1)
    .slice(0, 3)
    .map((same) => {
      const at = same.map((e) => {
        const cause = e.metadata as { $causationId?: string; causationRevision?: string };
        return `@${e.revision} (input ${cause.causationRevision ?? '?'}, ${cause.$causationId ?? '?'})`;
      });
      return `${same[0]!.id} ${same[0]!.type} ${at.join(', ')} of ${events.length}`;
    })
    .join('; ');
}

/**
 * Checks the invariants of issue #24 from the store alone, for `customers` and the events ingest
 * acknowledged (`acknowledged`: event id → customer id):
 * - every acknowledged event is in its customer's stream exactly once, and no id is there twice;
 * - every input is processed: the output stream holds exactly the outputs a fresh fold of the input
 *   stream produces (`deriveOutputs` of libs/actors through the lifecycle machine: ids derived from
 *   the causes as the engine derives them, late signals corrected), in the same order; so every
 *   command is there once per cause;
 * - each customer's last recorded state is the state of that fresh fold;
 * - the causes of a customer's outputs never go back in input order.
 */
export async function checkInvariants(
  client: EventStoreDBClient,
  customers: Iterable<string>,
  acknowledged: ReadonlyMap<string, string>,
): Promise<Verdict> {
  const ackedBy = new Map<string, string[]>();
  for (const [eventId, customerId] of acknowledged)
    ackedBy.set(customerId, [...(ackedBy.get(customerId) ?? []), eventId]);
  const problems: string[] = [];
  const note = (problem: string): void => {
    if (problems.length < 20) problems.push(problem);
  };
  let lost = 0;
  let duplicated = 0;
  let unprocessed = 0;
  let diverged = 0;
  let stateMismatches = 0;
  let outOfOrder = 0;

  const ids = new Set([...customers, ...ackedBy.keys()]);
  const work = [...ids];
  const check = async (customerId: string): Promise<void> => {
    const [inputEvents, outputEvents] = await Promise.all([
      readStream(client, customerStream(customerId)),
      readStream(client, `lifecycle-${customerId}`),
    ]);
    const inputs: RecordedInput[] = inputEvents.flatMap(({ event }) =>
      event === undefined
        ? []
        : [{ id: event.id, type: event.type, revision: event.revision, data: event.data, metadata: event.metadata }],
    );
    const inputIds = inputs.map((i) => i.id);
    const inputDoubles = countIds(inputIds);
    if (inputDoubles > 0) note(`${customerStream(customerId)}: ${inputDoubles} event id(s) twice`);
    duplicated += inputDoubles;
    const held = new Set(inputIds);
    for (const eventId of ackedBy.get(customerId) ?? []) {
      if (held.has(eventId)) continue;
      lost++;
      note(`${customerStream(customerId)}: acknowledged event ${eventId} missing`);
    }

    // What the runtime writes for these inputs, late ones corrected (ADR 0078), derived from them alone.
    const derived = deriveOutputs(definition, customerId, inputs);
    const state = derived.state;
    const expected = derived.outputs.map((output) => output.id);
    const lastChange = derived.outputs.findLast((output) => MOVES.has(output.type))?.data['to'];
    const actual = outputEvents.flatMap(({ event }) => (event === undefined ? [] : [event]));
    const actualIds = actual.map((e) => e.id);
    const outputDoubles = countIds(actualIds);
    if (outputDoubles > 0) note(`lifecycle-${customerId}: ${outputDoubles} output id(s) twice: ${doubles(actual)}`);
    duplicated += outputDoubles;
    const written = new Set(actualIds);
    const wanted = new Set(expected);
    const missing = expected.filter((id) => !written.has(id)).length;
    unprocessed += missing;
    const extra = actualIds.filter((id) => !wanted.has(id)).length;
    const reordered =
      extra === 0 && missing === 0 && outputDoubles === 0 && actualIds.some((id, i) => id !== expected[i]) ? 1 : 0;
    if (extra + reordered > 0) note(`lifecycle-${customerId}: ${extra} output(s) a fresh fold does not produce`);
    diverged += extra + reordered;

    let previous = -1n;
    for (const e of actual) {
      const revision = BigInt((e.metadata as { causationRevision?: string }).causationRevision ?? '-1');
      if (revision < previous) {
        outOfOrder++;
        note(`lifecycle-${customerId}@${e.revision}: caused by input ${revision} after input ${previous}`);
        break;
      }
      previous = revision;
    }

    const recorded = [...actual].reverse().find((e) => MOVES.has(e.type));
    if (missing === 0 && lastChange !== undefined) {
      const value = (state.snapshot as { value: unknown }).value;
      const recordedTo = (recorded?.data as { to?: unknown } | undefined)?.to;
      if (JSON.stringify(recordedTo) !== JSON.stringify(value)) {
        stateMismatches++;
        note(
          `lifecycle-${customerId}: last recorded state ${JSON.stringify(recordedTo)}, fold ${JSON.stringify(value)}`,
        );
      }
    }
  };
  // A few customers at a time: the store answers reads in parallel, the checker stays small.
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < work.length) await check(work[next++]!);
    }),
  );
  return { events: acknowledged.size, lost, duplicated, unprocessed, diverged, stateMismatches, outOfOrder, problems };
}

/**
 * Checks until nothing is left to process (the engine has caught up) or `timeoutMs` passed, and
 * returns the last verdict. Each check reads the store again: a poll, not a sleep on a guess.
 */
export async function settledVerdict(
  client: EventStoreDBClient,
  customers: Iterable<string>,
  acknowledged: ReadonlyMap<string, string>,
  timeoutMs: number,
): Promise<Verdict> {
  const list = [...customers];
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const verdict = await checkInvariants(client, list, acknowledged);
    if (verdict.unprocessed === 0 || performance.now() > deadline) return verdict;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
