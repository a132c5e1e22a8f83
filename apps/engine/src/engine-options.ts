import type { EventStoreDBClient } from '@eventstore/db-client';
import type { ActorDefinition, ActorRuntime, ActorState, ActorStreams } from '@heed/actors';
import type { AnyStateMachine } from 'xstate';
import type { EngineConfig } from './engine.config';
import type { StateEntry } from './state-entries/state-entries';

/** Injection tokens of the engine's module. */
export const ENGINE_CONFIG = Symbol('ENGINE_CONFIG');
export const STORE_CLIENT = Symbol('STORE_CLIENT');
export const ACTOR_RUNTIME = Symbol('ACTOR_RUNTIME');
export const ACTOR_KIND = Symbol('ACTOR_KIND');
export const WALL_CLOCK = Symbol('WALL_CLOCK');

/**
 * The kind of actor an engine runs: a machine definition, the streams it lives in, and how it is
 * shown. The engine runs the customer lifecycle by default; an engineer can inject their own.
 */
export interface ActorKind<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly definition: ActorDefinition<TMachine>;
  readonly streams: ActorStreams;
  /** The stream of all input events (a `$ce-` category) that the engine consumes. */
  readonly inputCategoryStream: string;
  /** The actor key of an input stream, or undefined for a stream that is not an actor's input. */
  keyOf(inputStream: string): string | undefined;
  /** A plain summary of an actor's state for the query API (state value, context summary, scores). */
  describe(state: ActorState<TMachine>): unknown;
  /** States whose entries are linked into `became-<state>` streams (ADR 0070); none when absent. */
  readonly stateEntries?: readonly StateEntry[];
}

export interface EngineModuleOptions {
  readonly config: EngineConfig;
  /** Wall clock (ms since the epoch) against which timers come due; `Date.now` by default. */
  readonly now?: () => number;
  readonly client: EventStoreDBClient;
  readonly kind: ActorKind;
  readonly runtime: ActorRuntime<AnyStateMachine>;
}
