import type { AnyStateMachine } from 'xstate';

/** Category of the state-entry streams: `became-<state>` (all of them: `$ce-became`). */
export const STATE_ENTRY_CATEGORY = 'became';

/** The stream of every actor that entered `state`: `became-suspicious`, `became-at-risk`, … */
export const stateEntryStream = (state: string): string => `${STATE_ENTRY_CATEGORY}-${state}`;

/** A state whose entries are linked into their own stream: a top-level state of one parallel region. */
export interface StateEntry {
  /** The region of the machine's root (`fraud`, `engagement`). */
  readonly region: string;
  /** The region's state (`suspicious`); its entries go to `became-<state>`. */
  readonly state: string;
}

/** The customer lifecycle's state-entry streams (docs/streams.md). */
export const lifecycleStateEntries: readonly StateEntry[] = [
  { region: 'fraud', state: 'suspicious' },
  { region: 'engagement', state: 'at-risk' },
  { region: 'engagement', state: 'churning' },
  { region: 'engagement', state: 'active' },
];

/** The top-level state of `region` in a state value (`{ engagement: { 'at-risk': 'flagged' } }` → `at-risk`). */
export function regionStateOf(value: unknown, region: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[region];
  if (typeof inner === 'string') return inner;
  if (typeof inner === 'object' && inner !== null) return Object.keys(inner)[0];
  return undefined;
}

/** Each region's initial state, from the machine's definition (`{ engagement: 'active', fraud: 'clear', … }`). */
export function initialRegionStates(machine: AnyStateMachine): Readonly<Record<string, string>> {
  const initial: Record<string, string> = {};
  for (const [region, node] of Object.entries(machine.root.states)) {
    const target = (node.config as { initial?: unknown }).initial;
    if (typeof target === 'string') initial[region] = target;
  }
  return initial;
}

/**
 * The states of `entries` that a `StateChanged` enters: the region is in the state after the change
 * and was not before. A customer's first change (`from: null`) starts from the machine's initial
 * states, so a customer who starts in `active` did not "become" active, while one whose first
 * signal is a suspicious transaction did become `suspicious`.
 */
export function enteredStates(
  change: Readonly<{ from: unknown; to: unknown }>,
  entries: readonly StateEntry[],
  initial: Readonly<Record<string, string>>,
): StateEntry[] {
  return entries.filter(({ region, state }) => {
    if (regionStateOf(change.to, region) !== state) return false;
    const before = change.from === null ? initial[region] : regionStateOf(change.from, region);
    return before !== state;
  });
}
