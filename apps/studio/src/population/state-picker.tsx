import type { MachineView, StateId, StateNodeView } from '../api/contract';
import { routeHash } from '../app/route';
import { formatCount } from '../ui/format';

export type StatePickerProps = {
  readonly machine: MachineView;
  readonly counts: Readonly<Record<StateId, number>> | undefined;
  readonly selected: StateId | null;
};

/** Every state of the machine as an indented tree of links, each with its count of customers. */
export function StatePicker({ machine, counts, selected }: StatePickerProps) {
  const rows: Array<{ state: StateNodeView; depth: number }> = [];
  const walk = (state: StateNodeView, depth: number) => {
    rows.push({ state, depth });
    for (const child of state.children) walk(child, depth + 1);
  };
  machine.root.children.forEach((region) => walk(region, 0));
  return (
    <nav class="state-picker" aria-label="States">
      <ul>
        {rows.map(({ state, depth }) => (
          <li key={state.id} style={{ paddingLeft: `${depth * 14}px` }}>
            <a
              href={routeHash({ view: 'population', state: state.id })}
              aria-current={state.id === selected ? 'true' : undefined}
            >
              <span>{state.key}</span>
              <span class="count">{counts === undefined ? '…' : formatCount(counts[state.id] ?? 0)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
