import { BACKWARDS, END, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { STATE_CHANGED, STATE_CORRECTED, STATE_REDERIVED, type ActorRuntime, type OutputMetadata } from '@heed/actors';
import { Inject, Injectable } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import { ACTOR_KIND, ACTOR_RUNTIME, STORE_CLIENT, type ActorKind } from '../engine-options';

/** A transition as the query API shows it: when, from where to where, and why. */
export interface TransitionView {
  readonly at: unknown;
  readonly from: unknown;
  readonly to: unknown;
  readonly cause: {
    readonly type: string;
    readonly eventId: string;
    readonly stream: string;
    readonly revision: string;
  };
}

export interface CustomerView {
  readonly customerId: string;
  /** Revision of the last signal folded into this view. */
  readonly revision: string;
  readonly summary: unknown;
  readonly pendingTimers: ReadonlyArray<{ readonly timerId: string; readonly dueAt: string }>;
  readonly recentTransitions: readonly TransitionView[];
}

/** Reads what the engine knows of one customer: its folded state and its latest transitions. */
@Injectable()
export class CustomerQuery {
  constructor(
    @Inject(STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(ACTOR_RUNTIME) private readonly runtime: ActorRuntime<AnyStateMachine>,
    @Inject(ACTOR_KIND) private readonly kind: ActorKind,
  ) {}

  /** The customer's view, or undefined for a customer Heed has never processed a signal of. */
  async find(customerId: string, transitions = 20): Promise<CustomerView | undefined> {
    const state = await this.runtime.state(customerId);
    if (state.inputRevision < 0n) return undefined;
    return {
      customerId,
      revision: state.inputRevision.toString(),
      summary: this.kind.describe(state),
      pendingTimers: Object.values(state.timers).map(({ timerId, dueAt }) => ({ timerId, dueAt })),
      recentTransitions: await this.recentTransitions(customerId, transitions),
    };
  }

  private async recentTransitions(customerId: string, count: number): Promise<TransitionView[]> {
    const found: TransitionView[] = [];
    try {
      // Outputs other than state changes (commands, timers) sit between them: read a bounded window.
      for await (const { event } of this.client.readStream(this.kind.streams.output(customerId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: count * 10,
      })) {
        const moved =
          event?.type === STATE_CHANGED || event?.type === STATE_REDERIVED || event?.type === STATE_CORRECTED;
        if (!moved || found.length >= count) continue;
        const data = event.data as { from?: unknown; to?: unknown; at?: unknown };
        // A late signal's correction that left the state as it was moved nothing.
        if (event.type === STATE_CORRECTED && JSON.stringify(data.from) === JSON.stringify(data.to)) continue;
        const metadata = event.metadata as Partial<OutputMetadata> | undefined;
        found.push({
          at: data.at,
          from: data.from,
          to: data.to,
          cause: {
            type: metadata?.causationType ?? 'unknown',
            eventId: metadata?.$causationId ?? 'unknown',
            stream: metadata?.causationStream ?? 'unknown',
            revision: metadata?.causationRevision ?? 'unknown',
          },
        });
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return found;
  }
}
