import { useState } from 'preact/hooks';
import type { CustomerStateAt } from '../api/contract';
import type { Travel } from '../app/route';
import { formatTime } from '../ui/format';
import { pointName } from './point-name';

export type TravelControlsProps = {
  readonly travel: Travel | null;
  /** The state at the point travelled to, once the engine answered. */
  readonly then: CustomerStateAt | null;
  readonly onTravel: (travel: Travel | null) => void;
};

/** Time travel: to an instant picked here, or (from the timeline) to an input; and back to now. */
export function TravelControls({ travel, then, onTravel }: TravelControlsProps) {
  const [instant, setInstant] = useState('');
  const go = (e: Event) => {
    e.preventDefault();
    if (instant === '') return;
    // The picker's value has no zone: Studio's times are UTC, and so is this one.
    onTravel({ at: `${instant.length === 16 ? `${instant}:00` : instant}Z` });
  };
  return (
    <div class="travel-controls">
      <p class="travel-status" role="status">
        {travel === null ? (
          <>Now. Pick a timeline item (Enter) or an instant to see the customer as they were.</>
        ) : then === null ? (
          <>Travelling…</>
        ) : (
          <>
            As of <strong>{pointName(then)}</strong> ({formatTime(then.at)})
            {'at' in travel && <> — the instant {formatTime(travel.at)}</>}
          </>
        )}
      </p>
      <form onSubmit={go}>
        <label for="travel-at">Instant (UTC)</label>
        <input
          id="travel-at"
          type="datetime-local"
          step={1}
          value={instant}
          onInput={(e) => setInstant(e.currentTarget.value)}
        />
        <button type="submit">Travel</button>
        {travel !== null && (
          <button type="button" onClick={() => onTravel(null)}>
            Back to now
          </button>
        )}
      </form>
    </div>
  );
}
