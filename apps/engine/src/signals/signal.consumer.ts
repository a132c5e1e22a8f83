import type { ResolvedEvent } from '@eventstore/db-client';
import type { ActorRuntime, ProcessResult } from '@heed/actors';
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, RpcException } from '@nestjs/microservices';
import type { AnyStateMachine } from 'xstate';
import { ACTOR_KIND, ACTOR_RUNTIME, type ActorKind } from '../engine-options';

/** The pattern under which the engine's transport delivers actors' input events. */
export const ACTOR_INPUT = 'actor-input';

/** A signal arrived for an actor that is not one (a stream outside the input category). */
export class NotAnActorInputError extends Error {
  readonly code = 'NOT_AN_ACTOR_INPUT';
}

/**
 * Hands each input event to its actor. The returned promise settles once the outputs are durable,
 * and only then does the transport acknowledge the event.
 */
@Controller()
export class SignalConsumer {
  constructor(
    @Inject(ACTOR_RUNTIME) private readonly runtime: ActorRuntime<AnyStateMachine>,
    @Inject(ACTOR_KIND) private readonly kind: ActorKind,
  ) {}

  // The event arrives as the handler's first argument. Not marked `@Payload()`: no pipe applies to
  // it, and the mark alone makes Nest resolve the argument through its pipe machinery (a few
  // promises per event).
  @EventPattern(ACTOR_INPUT)
  async onInput(resolved: ResolvedEvent): Promise<ProcessResult> {
    const event = resolved.event;
    if (event === undefined) return { status: 'duplicate', inputs: 0, outputs: 0 };
    const key = this.kind.keyOf(event.streamId);
    if (key === undefined) throw new NotAnActorInputError(`${event.streamId} is not an actor's input stream`);
    try {
      return await this.runtime.process(key, {
        id: event.id,
        type: event.type,
        revision: event.revision,
        data: event.data,
        metadata: event.metadata,
      });
    } catch (error) {
      // Nest hides unknown errors as "Internal server error". Handed over as it is, the error tells
      // the transport whether the store could not serve (hold the signal and retry, spending none
      // of its retries) or the signal failed (its reason goes into the park record).
      throw new RpcException(error instanceof Error ? error : String(error));
    }
  }
}
