import type { AnyStateMachine } from 'xstate';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import type { ActorState } from './actor-state';
import { EventTimeFolder } from './event-time';

/**
 * Folds inputs into a state, discarding their outputs: rehydration. Nothing is executed, nothing is
 * written; the state is exactly what processing the same inputs live produced, late inputs folded
 * where their time puts them (ADR 0078).
 *
 * @throws Error when a late input belongs before `state`: fold from an earlier state.
 */
export function fold<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  inputs: Iterable<RecordedInput>,
): ActorState<TMachine> {
  const folder = new EventTimeFolder(definition, state);
  for (const input of inputs) {
    if (input.revision <= folder.state.inputRevision) continue;
    if (folder.push(input) === undefined) {
      throw new Error(`input ${input.revision} of ${state.key} is late and belongs before the state folded from`);
    }
  }
  return folder.state;
}
