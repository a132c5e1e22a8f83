/**
 * The customer lifecycle as an Emmett command handler, for the engine benchmark's side-by-side run
 * (`npm run bench:engine -- --only=peer`): the peer's idiomatic shape, a decider over one stream per
 * customer, wrapping the very step the engine folds with (`step()` of @heed/actors over the same
 * customer kind), on the same store through the same @eventstore/db-client.
 *
 * Each signal is a command. The handler reads the customer's whole stream and evolves a state from
 * it, decides (one `step()`: the signal and the outputs it causes), evolves the new events, and
 * appends them with the version it read as the expected one. Nothing stays resident between
 * commands: that is the peer's design, and what the comparison measures against Heed's resident
 * actors. The outputs carry a marker, so that evolving skips them without a step (kind to the peer).
 */
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Command, Event } from '@event-driven-io/emmett';
import { initialState, outputId, step, type ActorDefinition, type ActorState } from '@heed/actors';
import { randomUUID } from 'node:crypto';
import type { AnyStateMachine } from 'xstate';

type Emmett = typeof import('@event-driven-io/emmett');
type EmmettEsdb = typeof import('@event-driven-io/emmett-esdb');

/**
 * `import()` as Node does it. Emmett 0.20 ships its CommonJS build with a top-level `await`, which
 * Node refuses to load (`SyntaxError: await is only valid in async functions…`), so the ES module
 * build is loaded; the compiler that runs these scripts would turn a plain `import()` into
 * `require()`, hence the indirection.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/** A signal as stored: its type and data, exactly as Heed's producers append it. */
export interface StoredSignal {
  readonly type: string;
  readonly data: { readonly customerId: string } & Record<string, unknown>;
}

type HandleSignal = Command<'HandleSignal', { customerId: string; signal: StoredSignal }>;
/** The events of a customer's peer stream: its signals, and the outputs each caused (marked). */
export type PeerEvent = Event<string, Record<string, unknown>, { heedOutput?: true }>;
type PeerState = { readonly actor: ActorState<AnyStateMachine> | undefined; readonly version: bigint };

/** Handles one signal of one customer; resolves once the signal and its outputs are appended. */
export type PeerHandler = (customerId: string, signal: StoredSignal) => Promise<void>;

/** The peer's stream of a customer: outside the `customer` category Heed's engine consumes. */
export const peerStream = (customerId: string): string => `emmettcustomer-${customerId}`;

/** The decider: the same `step()` the engine folds with, over a customer's peer stream. */
export function lifecycleDecider(definition: ActorDefinition<AnyStateMachine>) {
  /** The next input of the actor, as the engine would hand it in: at the stream's next revision. */
  const fold = (state: PeerState, signal: StoredSignal, id: string) =>
    step(definition, state.actor ?? initialState(definition, signal.data.customerId), {
      id,
      type: signal.type,
      revision: state.version + 1n,
      data: signal.data,
      metadata: {},
    });
  return {
    initialState: (): PeerState => ({ actor: undefined, version: -1n }),
    evolve: (state: PeerState, event: PeerEvent): PeerState =>
      event.metadata?.heedOutput
        ? { actor: state.actor, version: state.version + 1n }
        : {
            actor: fold(state, { type: event.type, data: event.data as StoredSignal['data'] }, '').state,
            version: state.version + 1n,
          },
    decide: ({ data: { signal } }: HandleSignal, state: PeerState): PeerEvent[] => {
      const result = fold(state, signal, randomUUID());
      const outputs: PeerEvent[] = result.effects.flatMap((effect) =>
        effect.outputs.map((output, index) => ({
          type: output.type,
          data: { ...output.data, outputId: outputId(effect, index) },
          metadata: { heedOutput: true as const },
        })),
      );
      return [{ type: signal.type, data: signal.data }, ...outputs];
    },
  };
}

/**
 * The events the handler would have appended for `signals`, one command after the other: a
 * customer's history, written in bulk before a run measures the signals that follow it.
 */
export function peerHistory(
  definition: ActorDefinition<AnyStateMachine>,
  signals: readonly StoredSignal[],
): PeerEvent[] {
  const decider = lifecycleDecider(definition);
  let state = decider.initialState();
  const events: PeerEvent[] = [];
  for (const signal of signals) {
    const decided = decider.decide(
      { type: 'HandleSignal', data: { customerId: signal.data.customerId, signal } },
      state,
    );
    for (const event of decided) state = decider.evolve(state, event);
    events.push(...decided);
  }
  return events;
}

/** Builds the Emmett command handler over `client`, folding with `definition`. */
export async function emmettLifecycle(
  client: EventStoreDBClient,
  definition: ActorDefinition<AnyStateMachine>,
): Promise<PeerHandler> {
  const { DeciderCommandHandler } = await importModule<Emmett>('@event-driven-io/emmett');
  const { getEventStoreDBEventStore } = await importModule<EmmettEsdb>('@event-driven-io/emmett-esdb');
  const eventStore = getEventStoreDBEventStore(client);
  const handle = DeciderCommandHandler<PeerState, HandleSignal, PeerEvent>({
    ...lifecycleDecider(definition),
    mapToStreamId: peerStream,
  });
  return async (customerId, signal) => {
    await handle(eventStore, customerId, { type: 'HandleSignal', data: { customerId, signal } });
  };
}
