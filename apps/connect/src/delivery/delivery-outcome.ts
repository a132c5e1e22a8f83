import { jsonEvent, type EventData } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';

export { DELIVERY_CATEGORY, deliveryStream } from '@heed/connect';

/** What every outcome says about the command it is about. */
export type DeliveryFacts = {
  readonly version: 1;
  readonly commandId: string;
  readonly commandType: string;
  readonly commandStream: string;
  readonly commandRevision: string;
  readonly customerId: string;
  readonly destination: string;
  /** How many times the store has handed this command to a connect worker (1, or more after a restart). */
  readonly deliveryCount: number;
  /** The wall-clock time of the outcome. */
  readonly at: string;
};

export type CommandDelivered = Readonly<{
  type: 'CommandDelivered';
  data: DeliveryFacts & { attempt: number; status: number; durationMs: number };
}>;
export type CommandDeliveryFailed = Readonly<{
  type: 'CommandDeliveryFailed';
  data: DeliveryFacts & {
    attempt: number;
    status: number | null;
    error: string;
    durationMs: number;
    retryInMs: number | null;
  };
}>;
export type CommandParked = Readonly<{
  type: 'CommandParked';
  data: DeliveryFacts & { attempts: number; lastStatus: number | null; lastError: string };
}>;
/** The destination withholds the command: the customer is in its holdout (the control group). */
export type CommandHeldOut = Readonly<{
  type: 'CommandHeldOut';
  data: DeliveryFacts & { holdout: number };
}>;
export type DeliveryOutcome = CommandDelivered | CommandDeliveryFailed | CommandParked | CommandHeldOut;

/** An outcome as an event to append, caused by the command event (its id and correlation). */
export function outcomeEvent(outcome: DeliveryOutcome, correlationId: string): EventData {
  return jsonEvent({
    id: randomUUID(),
    type: outcome.type,
    data: outcome.data,
    metadata: { $causationId: outcome.data.commandId, $correlationId: correlationId },
  });
}
