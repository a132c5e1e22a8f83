import { formatDuration } from './format-duration';
import type { MachineTransitionView } from './machine-view';

/** What an arrow says: its trigger, then its guard in brackets when it has one. */
export function transitionLabel(transition: MachineTransitionView): string[] {
  const trigger =
    transition.kind === 'always'
      ? 'always'
      : transition.kind === 'after'
        ? `after ${delayName(transition.delay)}`
        : (transition.event ?? '?');
  return transition.guard === null ? [trigger] : [trigger, `[${transition.guard}]`];
}

const delayName = (delay: string | null): string =>
  delay === null ? '?' : /^\d+$/.test(delay) ? formatDuration(Number(delay)) : delay;
