import type { TransitionWindow } from '../api/contract';

const WINDOWS: ReadonlyArray<{ readonly window: TransitionWindow; readonly label: string }> = [
  { window: 'hour', label: 'Hour' },
  { window: 'day', label: 'Day' },
  { window: 'week', label: 'Week' },
];

export type WindowSelectorProps = {
  readonly value: TransitionWindow;
  readonly onChange: (window: TransitionWindow) => void;
};

/** Which window of state changes the arrows count: the last hour, day or week of customer time. */
export function WindowSelector({ value, onChange }: WindowSelectorProps) {
  return (
    <fieldset class="window-selector">
      <legend>Transitions in the last</legend>
      {WINDOWS.map(({ window, label }) => (
        <label key={window} class={value === window ? 'is-checked' : undefined}>
          <input
            type="radio"
            name="transition-window"
            value={window}
            checked={value === window}
            onChange={() => onChange(window)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
