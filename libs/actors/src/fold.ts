import type { AnyStateMachine } from 'xstate';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import type { ActorState } from './actor-state';
import { step } from './step';

/**
 * Folds inputs into a state, discarding their outputs: rehydration. Nothing is executed, nothing is
 * written; the state is exactly what processing the same inputs live produced.
 */
export function fold<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  inputs: Iterable<RecordedInput>,
): ActorState<TMachine> {
  let current = state;
  for (const input of inputs) {
    if (input.revision <= current.inputRevision) continue;
    current = step(definition, current, input).state;
  }
  return current;
}
