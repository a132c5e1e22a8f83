import { useRef, useState } from 'preact/hooks';
import type { TimelineItem } from '../api/contract';
import { inputRevisionOf } from './describe-item';
import { TimelineEntry } from './timeline-entry';

export type TimelineProps = {
  readonly items: readonly TimelineItem[];
  /** The point the page travelled to (its last input, null before the first), if it did. */
  readonly travelledTo: { readonly revision: string | null } | null;
  readonly onTravel: (revision: string) => void;
};

/**
 * A customer's inputs, each followed by the outputs its fold wrote. Keyboard: ↑/↓ (or k/j) move
 * through the items, Home/End go to the first and last, Enter travels to the focused item, c goes
 * to its cause.
 */
export function Timeline({ items, travelledTo, onTravel }: TimelineProps) {
  const [focused, setFocused] = useState(0);
  const refs = useRef<Array<HTMLLIElement | null>>([]);
  const byPosition = new Map(items.map((item, index) => [item.position, index]));
  const causeIndex = (item: TimelineItem) =>
    item.causedBy === null ? undefined : byPosition.get(`in:${item.causedBy.inputRevision}`);

  const focus = (index: number) => {
    const target = Math.max(0, Math.min(items.length - 1, index));
    setFocused(target);
    refs.current[target]?.focus();
  };
  const travel = (item: TimelineItem) => {
    const revision = inputRevisionOf(item);
    if (revision !== null) onTravel(revision);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const item = items[focused];
    if (item === undefined) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => focus(focused + 1),
      j: () => focus(focused + 1),
      ArrowUp: () => focus(focused - 1),
      k: () => focus(focused - 1),
      Home: () => focus(0),
      End: () => focus(items.length - 1),
      Enter: () => travel(item),
      c: () => {
        const cause = causeIndex(item);
        if (cause !== undefined) focus(cause);
      },
    };
    const action = keys[e.key];
    if (action === undefined || (e.target as Element).closest('button, summary') !== null) return;
    e.preventDefault();
    action();
  };

  const last = travelledTo?.revision;
  // Before the first input, everything came after the point.
  const isAfter = (revision: string | null) =>
    travelledTo !== null && revision !== null && (last == null || BigInt(revision) > BigInt(last));
  return (
    <ol
      class="timeline"
      aria-label="Timeline: ↑ and ↓ move, Enter travels to the item, c goes to its cause"
      onKeyDown={onKeyDown}
    >
      {items.map((item, index) => {
        const revision = inputRevisionOf(item);
        const cause = causeIndex(item);
        return (
          <TimelineEntry
            key={item.position}
            item={item}
            itemRef={(el: HTMLLIElement | null) => {
              refs.current[index] = el;
            }}
            focusable={index === Math.min(focused, items.length - 1)}
            current={last != null && item.position === `in:${last}`}
            after={isAfter(revision)}
            cause={cause === undefined ? undefined : items[cause]}
            onFocus={() => setFocused(index)}
            onTravel={() => travel(item)}
            onShowCause={() => cause !== undefined && focus(cause)}
          />
        );
      })}
    </ol>
  );
}
