import type { RecordedEvent } from '@eventstore/db-client';
import {
  INPUT_LATE,
  INPUT_REJECTED,
  STATE_CHANGED,
  STATE_CORRECTED,
  STATE_REDERIVED,
  TIMER_CANCELLED,
  TIMER_FIRED,
  TIMER_SCHEDULED,
  type ActorDefinition,
  type OutputMetadata,
} from '@heed/actors';
import type { TimelineItem, TimelineKind } from '@heed/statechart';
import { recordedInput } from '../recorded-input';
import { positionOf } from './timeline-cursor';

const OUTPUT_KINDS: Readonly<Record<string, TimelineKind>> = {
  [STATE_CHANGED]: 'state-changed',
  [STATE_REDERIVED]: 'state-rederived',
  [STATE_CORRECTED]: 'state-corrected',
  [INPUT_LATE]: 'input-late',
  [TIMER_SCHEDULED]: 'timer-scheduled',
  [TIMER_CANCELLED]: 'timer-cancelled',
  [INPUT_REJECTED]: 'rejected',
};

const stringOr = (value: unknown, fallback: string | null): string | null =>
  typeof value === 'string' ? value : fallback;

/**
 * An input as the timeline shows it. A signal is an input the machine takes (one it cannot read is
 * still a signal: its rejection follows it); its time is the one the machine is given.
 */
export function inputItem(definition: ActorDefinition, event: RecordedEvent): TimelineItem {
  const data = (event.data ?? {}) as { occurredAt?: unknown; dueAt?: unknown };
  let kind: TimelineKind = 'other-input';
  let at = stringOr(data.occurredAt, null);
  if (event.type === TIMER_FIRED) {
    kind = 'timer-fired';
    at = stringOr(data.dueAt, null);
  } else {
    try {
      const taken = definition.toMachineInput(recordedInput(event));
      if (taken !== undefined) [kind, at] = ['signal', taken.time];
    } catch {
      kind = 'signal';
    }
  }
  return {
    position: positionOf('input', event.revision),
    kind,
    stream: event.streamId,
    revision: event.revision.toString(),
    eventId: event.id,
    type: event.type,
    at,
    data: event.data,
    causedBy: null,
  };
}

/** An output as the timeline shows it: a command unless the runtime wrote it for itself. */
export function outputItem(event: RecordedEvent): TimelineItem {
  const metadata = (event.metadata ?? {}) as Partial<OutputMetadata>;
  return {
    position: positionOf('output', event.revision),
    kind: OUTPUT_KINDS[event.type] ?? 'command',
    stream: event.streamId,
    revision: event.revision.toString(),
    eventId: event.id,
    type: event.type,
    at: stringOr(metadata.occurredAt, null),
    data: event.data,
    causedBy:
      metadata.$causationId === undefined
        ? null
        : {
            eventId: metadata.$causationId,
            type: metadata.causationType ?? 'unknown',
            inputRevision: metadata.causationRevision ?? 'unknown',
          },
  };
}

/** The revision of the input whose fold wrote an output, from its metadata. */
export function causationRevisionOf(event: RecordedEvent): bigint | undefined {
  const revision = (event.metadata as Partial<OutputMetadata> | undefined)?.causationRevision;
  return typeof revision === 'string' && /^\d+$/.test(revision) ? BigInt(revision) : undefined;
}
