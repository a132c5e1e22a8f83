import type { Ref } from 'preact';
import type { TimelineItem } from '../api/contract';
import { formatTime } from '../ui/format';
import { describeDelivery, describeItem } from './describe-item';

const KIND_LABEL: Readonly<Record<TimelineItem['kind'], string>> = {
  signal: 'signal',
  'timer-fired': 'timer fired',
  'other-input': 'input',
  'state-changed': 'state changed',
  'state-rederived': 'state re-derived',
  'state-corrected': 'state corrected (late signal)',
  'input-late': 'signal arrived late',
  command: 'command',
  'timer-scheduled': 'timer set',
  'timer-cancelled': 'timer cancelled',
  rejected: 'rejected',
};

export type TimelineEntryProps = {
  readonly item: TimelineItem;
  readonly itemRef: Ref<HTMLLIElement>;
  readonly focusable: boolean;
  /** The point the page travelled to is this item's input. */
  readonly current: boolean;
  /** The item happened after the point the page travelled to. */
  readonly after: boolean;
  /** The item of the cause, when it is loaded. */
  readonly cause: TimelineItem | undefined;
  readonly onFocus: () => void;
  readonly onTravel: () => void;
  readonly onShowCause: () => void;
};

/** One input or output of a customer: when, what, and for an output the input that caused it. */
export function TimelineEntry(props: TimelineEntryProps) {
  const { item, cause } = props;
  const input = item.position.startsWith('in:');
  const description = describeItem(item);
  const classes = [
    'timeline-item',
    `timeline-item--${item.kind}`,
    input ? 'is-input' : 'is-output',
    props.current && 'is-current',
    props.after && 'is-after',
  ];
  return (
    <li
      ref={props.itemRef}
      class={classes.filter(Boolean).join(' ')}
      data-position={item.position}
      tabIndex={props.focusable ? 0 : -1}
      aria-current={props.current ? 'step' : undefined}
      onFocus={props.onFocus}
      onClick={(e) => {
        if ((e.target as Element).closest('button, summary, a, pre') === null) props.onTravel();
      }}
    >
      <span class="timeline-time">{formatTime(item.at)}</span>
      <span class="timeline-kind">{KIND_LABEL[item.kind]}</span>
      <span class="timeline-type">{item.type}</span>
      {description && <span class="timeline-description">{description}</span>}
      {item.deliveries !== undefined && item.deliveries.length > 0 && (
        <ul class="timeline-deliveries" aria-label="Deliveries">
          {item.deliveries.map((delivery) => (
            <li key={delivery.destination} class={`delivery delivery--${delivery.outcome}`}>
              {describeDelivery(delivery)}
            </li>
          ))}
        </ul>
      )}
      {item.causedBy && (
        <button
          type="button"
          class="link timeline-cause"
          disabled={cause === undefined}
          title={cause === undefined ? 'The cause is on another page of the timeline' : 'Go to the cause'}
          onClick={props.onShowCause}
        >
          ← caused by {item.causedBy.type} (input #{item.causedBy.inputRevision})
        </button>
      )}
      <details class="timeline-data">
        <summary>data</summary>
        <pre>{JSON.stringify(item.data, null, 2)}</pre>
      </details>
    </li>
  );
}
