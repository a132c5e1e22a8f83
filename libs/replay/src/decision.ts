import { INPUT_REJECTED, STATE_CHANGED, TIMER_CANCELLED, TIMER_SCHEDULED, type OutputEvent } from '@heed/actors';

/**
 * One decision an actor made: a command it asked for, or a flag it raised (a watched state of one
 * of its regions entered). Timers and the other state changes are how a machine gets to its
 * decisions, not decisions: a what-if compares these.
 */
export type Decision = Readonly<{
  kind: 'command' | 'flag';
  /** The command event's type, or `<region>.<state>` of the flag. */
  name: string;
  /** The actor's clock when it decided (ISO-8601). */
  at: string;
  /** What the decision is about, when a lens names it (the frozen card transaction). */
  detail?: string;
}>;

/** What a what-if counts as decisions in the outputs of a kind of actor. */
export interface DecisionLens {
  /** The decisions among the outputs of one cause, taken at `at`. */
  decisionsOf(outputs: readonly OutputEvent[], at: string): Decision[];
}

/** What the runtime writes besides a machine's own commands: never a decision by itself. */
const runtimeOutputs: ReadonlySet<string> = new Set([STATE_CHANGED, TIMER_SCHEDULED, TIMER_CANCELLED, INPUT_REJECTED]);

/** A region's state name in a state value (`{ engagement: { 'at-risk': 'flagged' } }` → `at-risk`). */
export function regionState(value: unknown, region: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const child = (value as Record<string, unknown>)[region];
  if (typeof child === 'string') return child;
  if (typeof child === 'object' && child !== null) return Object.keys(child)[0];
  return undefined;
}

/** How a state lens reads a machine's outputs. */
export type StateLensOptions = Readonly<{
  /** The states that are flags, by region: `{ engagement: ['at-risk', 'churning'] }`. */
  flags: Readonly<Record<string, readonly string[]>>;
  /** What a command is about (e.g. its transaction), to tell two commands of one type apart. */
  detail?: (command: OutputEvent) => string | undefined;
}>;

/**
 * A lens for machines whose regions are the top-level keys of their state value: a flag is raised
 * when a `StateChanged` enters one of the listed states of a region from any other state; every
 * output the runtime does not write itself is a command.
 */
export function stateLens(options: StateLensOptions): DecisionLens {
  const regions = Object.entries(options.flags).map(([region, states]) => [region, new Set(states)] as const);
  return {
    decisionsOf(outputs, at) {
      const decisions: Decision[] = [];
      for (const output of outputs) {
        if (output.type === STATE_CHANGED) {
          const { from, to } = output.data as { from?: unknown; to?: unknown };
          for (const [region, states] of regions) {
            const entered = regionState(to, region);
            if (entered !== undefined && states.has(entered) && regionState(from, region) !== entered)
              decisions.push({ kind: 'flag', name: `${region}.${entered}`, at });
          }
        } else if (!runtimeOutputs.has(output.type)) {
          const detail = options.detail?.(output);
          decisions.push(
            detail === undefined
              ? { kind: 'command', name: output.type, at }
              : { kind: 'command', name: output.type, at, detail },
          );
        }
      }
      return decisions;
    },
  };
}

/** Whether two lists of decisions are the same decisions at the same instants. */
export function sameDecisions(a: readonly Decision[], b: readonly Decision[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.kind !== y.kind || x.name !== y.name || x.at !== y.at || x.detail !== y.detail) return false;
  }
  return true;
}
